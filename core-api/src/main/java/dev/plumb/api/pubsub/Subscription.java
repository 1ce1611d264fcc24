package dev.plumb.api.pubsub;

/**
 * A running subscription to one topic. Closing it unsubscribes: once {@link #close()} returns, the
 * handler is called no more (a call already running may finish). Thread-safe.
 */
public interface Subscription extends AutoCloseable {

  /**
   * Returns the pub/sub component's name.
   *
   * @return {@code metadata.name} of the component
   */
  String pubsubName();

  /**
   * Returns the subscribed topic.
   *
   * @return the topic as given to {@code subscribe}
   */
  String topic();

  /** Unsubscribes. Idempotent; never throws: failures to detach from the broker are logged. */
  @Override
  void close();
}
