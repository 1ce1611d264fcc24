package dev.plumb.api.pubsub.spi;

import dev.plumb.api.InvalidRequestException;
import java.util.Map;

/**
 * A component-level subscription.
 *
 * @param topic the topic, possibly with the broker's wildcards if the component has {@code
 *     SUBSCRIBE_WILDCARDS}; not empty
 * @param metadata request metadata, such as {@code rawPayload} or a consumer group; never {@code
 *     null}
 * @param maxInFlight the most messages the component may have handed to the runtime that are not
 *     settled yet (acknowledged or negatively acknowledged): at that number it stops fetching until
 *     the runtime settles one; positive
 */
public record SubscribeRequest(String topic, Map<String, String> metadata, int maxInFlight) {

  /** The {@link #maxInFlight()} of {@link #of(String)}. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 100;

  /**
   * Validates and copies the components.
   *
   * @throws InvalidRequestException if {@code topic} is empty or {@code maxInFlight} not positive
   */
  public SubscribeRequest {
    PubSubMessage.requireTopic(topic);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    if (maxInFlight <= 0) {
      throw new InvalidRequestException("maxInFlight must be positive, got " + maxInFlight);
    }
  }

  /**
   * A subscription without metadata, with {@value #DEFAULT_MAX_IN_FLIGHT} messages in flight.
   *
   * @param topic the topic
   * @return the request
   */
  public static SubscribeRequest of(String topic) {
    return new SubscribeRequest(topic, Map.of(), DEFAULT_MAX_IN_FLIGHT);
  }
}
