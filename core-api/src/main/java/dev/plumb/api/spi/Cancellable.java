package dev.plumb.api.spi;

/**
 * A running activity a component started for the runtime: a pub/sub subscription, an input
 * binding's reader. Closing it stops the activity: once {@link #close()} returns, the component
 * calls the handler no more (a call already running may finish). Closing twice does nothing.
 *
 * <p>A component may return a lambda: {@code return () -> consumer.stop();}.
 */
@FunctionalInterface
public interface Cancellable extends AutoCloseable {

  /**
   * Stops the activity and releases what it holds. Idempotent; never throws: failures are the
   * component's to log.
   */
  @Override
  void close();
}
