package dev.plumb.api.pubsub;

import dev.plumb.api.Subscription;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pub/sub component, as the application sees it. Events are wrapped in CloudEvents 1.0 envelopes
 * unless published with {@code rawPayload}; payloads are serialized with the runtime's {@link
 * dev.plumb.api.Serializer} (JSON by default), {@code byte[]} payloads are sent as they are.
 * Delivery is at least once.
 *
 * <p>Subscriptions deliver to handlers on runtime threads, at most {@link
 * SubscribeOptions#concurrency()} at once per subscription, in order for events that share an
 * ordering key where the broker keeps order (a Kafka partition or record key, the {@code
 * partitionKey} of the in-memory broker). An event is acknowledged once its handler returned {@link
 * DeliveryResult#SUCCESS} or {@link DeliveryResult#DROP}; a failed one is retried under the
 * component's inbound resiliency policy, then published to the dead-letter topic if the
 * subscription has one, else redelivered later: it is never lost.
 *
 * <p>A subscription made before the instance starts (see {@code Plumb.Builder#deferStart()}) opens
 * when it starts, as do the YAML {@code Subscription}s of this component, whose routes name paths
 * bound with {@link #bind} or {@link #bindBulk}.
 *
 * <p>Thread-safe. Publishing methods return once the broker has accepted the event; {@link
 * #async()} offers the same calls returning {@link java.util.concurrent.CompletionStage}s.
 * Subscribing returns once the subscription is in place. Errors: {@link
 * dev.plumb.api.InvalidRequestException} for an empty topic or bad metadata, {@link
 * TopicForbiddenException} when topic scopes deny it, {@link dev.plumb.api.ComponentException} when
 * the broker fails.
 */
public interface PubSub {

  /**
   * Returns the component's name.
   *
   * @return {@code metadata.name}
   */
  String name();

  /**
   * Returns the broker's optional capabilities.
   *
   * @return an immutable set
   */
  Set<PubSubFeature> features();

  /**
   * Publishes an event with default options.
   *
   * @param topic the topic; not empty
   * @param data the payload; {@code byte[]} as is, anything else serialized; may be {@code null}
   */
  void publish(String topic, Object data);

  /**
   * Publishes an event.
   *
   * @param topic the topic; not empty
   * @param data the payload; {@code byte[]} as is, anything else serialized; may be {@code null}
   * @param options content type, TTL, raw payload, CloudEvent overrides and metadata
   */
  void publish(String topic, Object data, PublishOptions options);

  /**
   * Publishes several events, not atomically and in no guaranteed order.
   *
   * @param topic the topic; not empty
   * @param entries the events; entry ids unique
   * @return which entries failed; the call throws only if the request itself is invalid or
   *     forbidden
   */
  BulkPublishResult publishBulk(String topic, List<BulkPublishEntry> entries);

  /**
   * Publishes several events with request metadata (such as {@code rawPayload} or {@code
   * maxBulkPubBytes}), not atomically and in no guaranteed order.
   *
   * @param topic the topic; not empty
   * @param entries the events; entry ids unique
   * @param metadata request metadata applying to every entry; an entry's own metadata wins
   * @return which entries failed
   */
  BulkPublishResult publishBulk(
      String topic, List<BulkPublishEntry> entries, Map<String, String> metadata);

  /**
   * Subscribes to a topic with default options.
   *
   * @param topic the topic; not empty
   * @param type the payloads' type; {@code byte[].class} for the raw payload, {@code
   *     CloudEvent.class} for the envelope alone
   * @param handler called per event
   * @param <T> the payloads' type
   * @return the running subscription; close it to unsubscribe
   */
  <T> Subscription subscribe(String topic, Class<T> type, TopicHandler<T> handler);

  /**
   * Subscribes to a topic.
   *
   * @param topic the topic; not empty
   * @param type the payloads' type
   * @param handler called per event
   * @param options dead-letter topic, raw payload and metadata
   * @param <T> the payloads' type
   * @return the running subscription; close it to unsubscribe
   */
  <T> Subscription subscribe(
      String topic, Class<T> type, TopicHandler<T> handler, SubscribeOptions options);

  /**
   * Subscribes to a topic, receiving events in batches of up to {@link
   * SubscribeOptions#maxMessagesCount()}, waiting at most {@link
   * SubscribeOptions#maxAwaitDuration()} for a batch to fill.
   *
   * @param topic the topic; not empty
   * @param type the payloads' type
   * @param handler called per batch
   * @param options batching, dead-letter topic, raw payload and metadata
   * @param <T> the payloads' type
   * @return the running subscription; close it to unsubscribe
   */
  <T> Subscription subscribeBulk(
      String topic, Class<T> type, BulkTopicHandler<T> handler, SubscribeOptions options);

  /**
   * Binds a handler to a path, the target of routes: those of YAML {@code Subscription}s of this
   * component and those given to {@link #subscribe(String, TopicRoutes, SubscribeOptions)}. Bind
   * every path a YAML subscription names before the instance starts.
   *
   * @param path the path, as routes name it, such as {@code /orders}; not empty
   * @param type the payloads' type; {@code byte[].class} for the raw payload, {@code
   *     CloudEvent.class} for the envelope alone
   * @param handler called per event
   * @param <T> the payloads' type
   * @throws dev.plumb.api.InvalidRequestException if the path is empty or already bound
   */
  <T> void bind(String path, Class<T> type, TopicHandler<T> handler);

  /**
   * Binds a batch handler to a path, the target of routes of bulk subscriptions (a YAML {@code
   * Subscription} with {@code bulkSubscribe.enabled: true}).
   *
   * @param path the path, as routes name it; not empty
   * @param type the payloads' type
   * @param handler called per batch of the events routed to this path
   * @param <T> the payloads' type
   * @throws dev.plumb.api.InvalidRequestException if the path is empty or already bound
   */
  <T> void bindBulk(String path, Class<T> type, BulkTopicHandler<T> handler);

  /**
   * Subscribes to a topic, routing each event to the handler bound to a path. The handlers of all
   * the paths must be of one kind: single-event handlers, or batch handlers, and then the
   * subscription is a bulk subscription batching as {@code options} say.
   *
   * @param topic the topic; not empty
   * @param routes the rules and default route
   * @param options dead-letter topic, raw payload, concurrency, batching and metadata
   * @return the running subscription; close it to unsubscribe
   * @throws dev.plumb.api.InvalidRequestException if a path is not bound, the bound handlers are of
   *     both kinds, or a rule is not a valid CEL expression over {@code event}
   */
  Subscription subscribe(String topic, TopicRoutes routes, SubscribeOptions options);

  /**
   * Returns the asynchronous view of this component's publishing calls.
   *
   * @return a view sharing this component
   */
  AsyncPubSub async();
}
