package dev.plumb.api.pubsub;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The asynchronous view of a {@link PubSub}'s publishing calls: the same calls, returning stages
 * that complete once the broker has accepted the events, or exceptionally with the exception the
 * blocking call would throw. Stages complete on a runtime thread; do not block in their callbacks.
 * Subscribing has no asynchronous form: it returns once the subscription is in place. Thread-safe.
 */
public interface AsyncPubSub {

  /**
   * Publishes an event with default options; see {@link PubSub#publish(String, Object)}.
   *
   * @param topic the topic; not empty
   * @param data the payload; may be {@code null}
   * @return completes once the broker accepted the event
   */
  CompletionStage<Void> publish(String topic, Object data);

  /**
   * Publishes an event; see {@link PubSub#publish(String, Object, PublishOptions)}.
   *
   * @param topic the topic; not empty
   * @param data the payload; may be {@code null}
   * @param options content type, TTL, raw payload, CloudEvent overrides and metadata
   * @return completes once the broker accepted the event
   */
  CompletionStage<Void> publish(String topic, Object data, PublishOptions options);

  /**
   * Publishes several events; see {@link PubSub#publishBulk(String, List)}.
   *
   * @param topic the topic; not empty
   * @param entries the events; entry ids unique
   * @return which entries failed
   */
  CompletionStage<BulkPublishResult> publishBulk(String topic, List<BulkPublishEntry> entries);

  /**
   * Publishes several events with request metadata; see {@link PubSub#publishBulk(String, List,
   * Map)}.
   *
   * @param topic the topic; not empty
   * @param entries the events; entry ids unique
   * @param metadata request metadata applying to every entry; an entry's own metadata wins
   * @return which entries failed
   */
  CompletionStage<BulkPublishResult> publishBulk(
      String topic, List<BulkPublishEntry> entries, Map<String, String> metadata);
}
