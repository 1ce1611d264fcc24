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
   * Starts reading events on the component's own threads and returns at once.
   *
   * @param handler the runtime's callback, called per event
   * @return the running reader; closing it stops calls to {@code handler}
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
