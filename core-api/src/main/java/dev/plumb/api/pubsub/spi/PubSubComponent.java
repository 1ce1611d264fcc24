package dev.plumb.api.pubsub.spi;

import dev.plumb.api.Subscription;
import dev.plumb.api.pubsub.BulkPublishResult;
import dev.plumb.api.pubsub.PubSubFeature;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The provider SPI of a pub/sub broker: Dapr's component contract ({@code PubSub}, {@code
 * BulkPublisher}) with explicit acknowledgements. It sees raw bytes only; CloudEvent envelopes,
 * topic scopes, routing, batching of bulk subscriptions, dead-letter topics, TTL expiration,
 * resiliency, concurrency and telemetry are the runtime's. The pub/sub conformance kit in {@code
 * plumb-testkit} defines what a correct implementation does.
 *
 * <p>Delivery: the component hands each message to the runtime's {@link MessageHandler} with an
 * {@link Acknowledgement}, keeps at most {@link SubscribeRequest#maxInFlight()} of them unsettled,
 * and tells the broker a message is done only when the runtime acknowledges it. Messages of one
 * consumer group ({@code consumerID}, which the runtime defaults to the app id) are shared among
 * its members; each group gets every message.
 *
 * <p>A component that lists {@link PubSubFeature#BULK_PUBSUB} implements {@link #bulkPublish}
 * natively; the others keep the default. Errors: anything thrown is a failure of the backing
 * service (the runtime wraps it in a {@link dev.plumb.api.ComponentException}); a publish after
 * {@link #close()} fails. Implementations must be thread-safe and start no threads of their own:
 * loops that wait on the broker run on {@link
 * dev.plumb.api.spi.ComponentContext#blockingExecutor()}, timers on its scheduler.
 */
public interface PubSubComponent extends AutoCloseable {

  /**
   * Returns the component's capabilities.
   *
   * @return an immutable set
   */
  Set<PubSubFeature> features();

  /**
   * Checks the connection to the broker.
   *
   * @throws Exception if the broker cannot be reached
   */
  default void ping() throws Exception {}

  /**
   * Publishes one message. Returns once the broker has accepted it.
   *
   * @param request the topic, bytes and metadata
   * @throws Exception if the broker fails
   */
  void publish(PublishRequest request) throws Exception;

  /**
   * Publishes several messages, not atomically. The default publishes entry by entry, each with the
   * request's metadata overlaid by its own, and reports the entries that failed.
   *
   * @param request the topic, entries and metadata
   * @return the failed entries
   * @throws Exception if the broker fails as a whole
   */
  default BulkPublishResult bulkPublish(BulkPublishRequest request) throws Exception {
    Map<String, Exception> failures = new LinkedHashMap<>();
    for (BulkMessageEntry e : request.entries()) {
      Map<String, String> metadata = new HashMap<>(request.metadata());
      metadata.putAll(e.metadata());
      try {
        publish(new PublishRequest(request.topic(), e.event(), metadata, e.contentType()));
      } catch (Exception ex) {
        failures.put(e.entryId(), ex);
      }
    }
    return failures.isEmpty() ? BulkPublishResult.ALL_PUBLISHED : new BulkPublishResult(failures);
  }

  /**
   * Starts delivering a topic's messages to {@code handler}. Returns once the subscription is in
   * place (consumer group created or joined), so that messages published afterwards reach it.
   *
   * <p>Closing the returned subscription stops fetching, tells the broker about every message the
   * runtime acknowledged (commits, flushes pending acknowledgements), gives back every message not
   * settled yet so that the broker redelivers it, and leaves the consumer group; once it returns,
   * {@code handler} is called no more and settling a message has no effect. The runtime closes it
   * only after its in-flight deliveries ended or the shutdown grace period passed.
   *
   * @param request the topic, metadata and flow-control limit
   * @param handler the runtime's callback
   * @return the running subscription
   * @throws Exception if the subscription cannot be set up
   */
  Subscription subscribe(SubscribeRequest request, MessageHandler handler) throws Exception;

  /**
   * Stops every subscription and releases connections. Called once, when Plumb closes; the default
   * does nothing. Failures are the component's to log: Plumb goes on closing the others.
   */
  @Override
  default void close() {}
}
