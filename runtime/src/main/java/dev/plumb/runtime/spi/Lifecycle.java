package dev.plumb.runtime.spi;

import java.time.Duration;

/**
 * The phases through which a {@code Plumb} instance takes its members: {@code build()} creates
 * them, {@link #start()} opens their intake (subscriptions, input bindings, actor hosting) once the
 * application has registered its handlers, {@link #drain(Duration)} stops the intake and lets work
 * in flight finish, {@link #close()} releases what they hold. Each method is called once, in that
 * order, from one thread; {@code close()} also follows a failed build or start.
 */
public interface Lifecycle extends AutoCloseable {

  /**
   * Opens the intake. The default does nothing.
   *
   * @throws Exception if it cannot start; the instance is then closed and the failure thrown
   */
  default void start() throws Exception {}

  /**
   * Stops taking new work and waits for work in flight to finish, at most {@code timeout} of real
   * time (not the runtime's clock, which a test may hold still). The default does nothing.
   *
   * @param timeout how long to wait at most; zero or negative means do not wait
   */
  default void drain(Duration timeout) {}

  /** Releases everything held. Never throws: failures are logged. The default does nothing. */
  @Override
  default void close() {}
}
