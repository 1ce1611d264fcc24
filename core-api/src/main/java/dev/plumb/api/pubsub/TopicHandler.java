package dev.plumb.api.pubsub;

/**
 * Handles the events of a subscription one at a time.
 *
 * <p>Called on a runtime thread that may block (a virtual thread where the JVM has them), on up to
 * the subscription's concurrency threads at once, one event at a time per ordering key. Returning
 * {@code null} counts as {@link DeliveryResult#SUCCESS}, as Dapr treats an empty status; throwing
 * counts as {@link DeliveryResult#RETRY}.
 *
 * @param <T> the payload's type
 */
@FunctionalInterface
public interface TopicHandler<T> {

  /**
   * Handles one event.
   *
   * @param event the payload, its envelope and its metadata
   * @return what happened to the event
   * @throws Exception to have the event retried
   */
  DeliveryResult handle(TopicEvent<T> event) throws Exception;
}
