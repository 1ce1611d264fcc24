package dev.plumb.runtime.internal.pubsub;

import dev.plumb.api.pubsub.TopicRoutes;
import java.time.Duration;
import java.util.Map;

/**
 * What one subscription is, whether written in code or in a YAML {@code Subscription}.
 *
 * @param topic the topic
 * @param routes the routes as given
 * @param router the compiled routes
 * @param deadLetterTopic the dead-letter topic on the same component, or {@code null}
 * @param rawPayload whether messages are raw payloads, wrapped in a synthetic CloudEvent
 * @param bulk whether events are handed over in batches
 * @param concurrency how many events (or batches) are processed at once
 * @param ordered whether the ordering keys of the component are honoured
 * @param maxMessagesCount the most entries of a batch
 * @param maxAwaitDuration the longest wait for a batch to fill
 * @param metadata request metadata passed to the component
 * @param origin where it was declared, for messages: {@code code}, or the file and line
 */
record SubscriptionSpec(
    String topic,
    TopicRoutes routes,
    Router router,
    String deadLetterTopic,
    boolean rawPayload,
    boolean bulk,
    int concurrency,
    boolean ordered,
    int maxMessagesCount,
    Duration maxAwaitDuration,
    Map<String, String> metadata,
    String origin) {

  SubscriptionSpec {
    metadata = Map.copyOf(metadata);
  }
}
