package dev.plumb.api;

/**
 * Something running that delivers to a handler until stopped: a pub/sub subscription, a
 * configuration subscription, an input binding's reader. The one "stop this" type of every block,
 * for applications and components alike; a component may return a lambda: {@code return () ->
 * consumer.stop();}.
 *
 * <p>Once {@link #close()} returns, the handler is called no more; a call already running may
 * finish. Thread-safe.
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

  /**
   * Stops delivery and releases what the subscription holds. Idempotent; never throws: failures to
   * detach from the backing service are logged.
   */
  @Override
  void close();
}
