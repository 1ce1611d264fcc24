package dev.plumb.api.pubsub.spi;

import dev.plumb.api.InvalidRequestException;
import java.util.Map;
import java.util.Objects;

/**
 * A message a component delivers to the runtime: the exact bytes from the broker (no CloudEvent
 * parsing at this level).
 *
 * @param topic the topic the message came from (the concrete one for wildcard subscriptions); not
 *     empty
 * @param data the bytes; not {@code null}; shared, not copied
 * @param metadata the broker's message metadata, such as headers; never {@code null}
 * @param contentType the bytes' media type if the broker carries one, else {@code null}
 * @param orderingKey messages of one subscription with the same key are processed in the order they
 *     were handed over, one at a time; {@code null} where the broker promises no order, and then
 *     messages are processed concurrently
 */
public record PubSubMessage(
    String topic,
    byte[] data,
    Map<String, String> metadata,
    String contentType,
    String orderingKey) {

  /**
   * Validates and copies the components.
   *
   * @throws InvalidRequestException if {@code topic} is empty
   */
  public PubSubMessage {
    requireTopic(topic);
    Objects.requireNonNull(data, "data");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /**
   * A message without ordering.
   *
   * @param topic the topic
   * @param data the bytes
   * @param metadata the broker's metadata, or {@code null}
   * @param contentType the media type, or {@code null}
   */
  public PubSubMessage(
      String topic, byte[] data, Map<String, String> metadata, String contentType) {
    this(topic, data, metadata, contentType, null);
  }

  static void requireTopic(String topic) {
    Objects.requireNonNull(topic, "topic");
    if (topic.isEmpty()) {
      throw new InvalidRequestException("topic name is empty");
    }
  }

  @Override
  public String toString() {
    return "PubSubMessage[topic="
        + topic
        + ", bytes="
        + data.length
        + ", contentType="
        + contentType
        + ", metadata="
        + metadata.keySet()
        + ", orderingKey="
        + (orderingKey != null)
        + "]";
  }
}
