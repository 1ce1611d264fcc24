package dev.plumb.api.pubsub.spi;

import dev.plumb.api.Subscription;
import dev.plumb.api.UnsupportedFeatureException;
import dev.plumb.api.pubsub.BulkPublishResult;
import dev.plumb.api.pubsub.PubSubFeature;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The provider SPI of a pub/sub broker: Dapr's component contract ({@code PubSub}, {@code
 * BulkPublisher}, {@code BulkSubscriber}). It sees raw bytes only; CloudEvent envelopes, topic
 * scopes, routing, dead-letter topics, TTL expiration, resiliency and telemetry are the runtime's.
 * The pub/sub conformance kit in {@code plumb-testkit} defines what a correct implementation does.
 *
 * <p>A component that lists {@link PubSubFeature#BULK_PUBSUB} implements {@link #bulkPublish}
 * natively and one that lists {@link PubSubFeature#BULK_SUBSCRIBE} implements {@link
 * #bulkSubscribe}; the others keep the defaults. Errors: anything thrown is a failure of the
 * backing service (the runtime wraps it in a {@link dev.plumb.api.ComponentException}); a publish
 * after {@link #close()} fails. Implementations must be thread-safe.
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
   * Starts delivering a topic's messages to {@code handler}, on the component's own threads.
   * Returns once the subscription is in place, so that messages published afterwards reach it.
   *
   * @param request the topic and metadata
   * @param handler the runtime's callback
   * @return the running subscription; closing it stops delivery to {@code handler}
   * @throws Exception if the subscription cannot be set up
   */
  Subscription subscribe(SubscribeRequest request, MessageHandler handler) throws Exception;

  /**
   * Starts delivering a topic's messages in batches ({@link PubSubFeature#BULK_SUBSCRIBE}).
   *
   * @param request the topic and metadata
   * @param config the batch size and wait
   * @param handler the runtime's callback
   * @return the running subscription; closing it stops delivery to {@code handler}
   * @throws Exception if the subscription cannot be set up
   */
  default Subscription bulkSubscribe(
      SubscribeRequest request, BulkSubscribeConfig config, BulkMessageHandler handler)
      throws Exception {
    throw new UnsupportedFeatureException("this pubsub does not support bulk subscribe");
  }

  /**
   * Stops every subscription and releases connections. Called once, when Plumb closes; the default
   * does nothing. Failures are the component's to log: Plumb goes on closing the others.
   */
  @Override
  default void close() {}
}
