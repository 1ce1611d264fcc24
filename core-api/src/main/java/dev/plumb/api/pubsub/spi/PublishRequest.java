package dev.plumb.api.pubsub.spi;

import dev.plumb.api.InvalidRequestException;
import java.util.Map;
import java.util.Objects;

/**
 * A component-level publish: the exact bytes to put on the broker (a CloudEvent envelope unless the
 * publisher asked for a raw payload).
 *
 * @param topic the topic; not empty
 * @param data the bytes; not {@code null}; shared, not copied
 * @param metadata request metadata, such as {@code ttl}; never {@code null}
 * @param contentType the bytes' media type, or {@code null} if unknown
 */
public record PublishRequest(
    String topic, byte[] data, Map<String, String> metadata, String contentType) {

  /**
   * Validates and copies the components.
   *
   * @throws InvalidRequestException if {@code topic} is empty
   */
  public PublishRequest {
    PubSubMessage.requireTopic(topic);
    Objects.requireNonNull(data, "data");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /**
   * A publish without metadata or content type.
   *
   * @param topic the topic
   * @param data the bytes
   * @return the request
   */
  public static PublishRequest of(String topic, byte[] data) {
    return new PublishRequest(topic, data, Map.of(), null);
  }

  @Override
  public String toString() {
    return "PublishRequest[topic="
        + topic
        + ", bytes="
        + data.length
        + ", contentType="
        + contentType
        + ", metadata="
        + metadata.keySet()
        + "]";
  }
}
