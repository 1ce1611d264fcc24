package dev.plumb.api.bindings.spi;

import dev.plumb.api.Subscription;

/**
 * The provider SPI of an input binding: Dapr's component contract ({@code InputBinding}). Reads
 * events from an external system and hands them to the runtime. The bindings conformance kit in
 * {@code plumb-testkit} defines what a correct implementation does. Implementations must be
 * thread-safe.
 */
public interface InputBindingComponent extends AutoCloseable {

  /**
   * Checks the connection to the external system.
   *
   * @throws Exception if it cannot be reached
   */
  default void ping() throws Exception {}

  /**
   * Starts reading events and returns once reading is in place (the consumer registered, the
   * subscription made), so that an event sent after it returns is read. Events are read on the
   * runtime's threads ({@code ComponentContext.blockingExecutor()}, {@code scheduler()}) or the
   * client library's, and handed to {@code handler} one at a time per source that keeps order;
   * whatever the handler throws is the signal to redeliver where the source allows. Called at most
   * once at a time: the runtime closes one reader before it starts another.
   *
   * @param handler the runtime's callback, called per event
   * @return the running reader; once its {@code close()} returns, {@code handler} is called no more
   * @throws Exception if reading cannot start
   */
  Subscription read(ReadHandler handler) throws Exception;

  /**
   * Stops reading and releases connections. Called once, when Plumb closes; the default does
   * nothing. Failures are the component's to log: Plumb goes on closing the others.
   */
  @Override
  default void close() {}
}
