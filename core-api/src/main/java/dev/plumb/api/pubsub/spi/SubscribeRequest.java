package dev.plumb.api.pubsub.spi;

import java.util.Map;

/**
 * A component-level subscription.
 *
 * @param topic the topic, possibly with the broker's wildcards if the component has {@code
 *     SUBSCRIBE_WILDCARDS}; not empty
 * @param metadata request metadata, such as {@code rawPayload} or a consumer group; never {@code
 *     null}
 */
public record SubscribeRequest(String topic, Map<String, String> metadata) {

  /**
   * Validates and copies the components.
   *
   * @throws dev.plumb.api.InvalidRequestException if {@code topic} is empty
   */
  public SubscribeRequest {
    PubSubMessage.requireTopic(topic);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /**
   * A subscription without metadata.
   *
   * @param topic the topic
   * @return the request
   */
  public static SubscribeRequest of(String topic) {
    return new SubscribeRequest(topic, Map.of());
  }
}
