package dev.plumb.api.pubsub;

import java.util.Map;
import java.util.Objects;

/**
 * One delivered event as a typed handler sees it: the payload deserialized to the handler's type,
 * with its envelope and the broker's message metadata.
 *
 * @param data the payload as the subscription's type; {@code null} if the payload is empty or JSON
 *     null. For {@code byte[]} subscriptions, the raw bytes; for {@link CloudEvent} subscriptions,
 *     the envelope itself
 * @param cloudEvent the envelope (for raw-payload subscriptions, the wrapper Dapr synthesizes);
 *     never {@code null}
 * @param metadata the broker's message metadata, such as headers; never {@code null}
 * @param <T> the payload's type
 */
public record TopicEvent<T>(T data, CloudEvent cloudEvent, Map<String, String> metadata) {

  /** Validates and copies the components. */
  public TopicEvent {
    Objects.requireNonNull(cloudEvent, "cloudEvent");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
