package dev.plumb.api.pubsub.spi;

import java.util.List;
import java.util.Map;

/**
 * A batch a component delivers to the runtime through a {@link BulkMessageHandler}.
 *
 * @param topic the topic the batch came from; not empty
 * @param entries the messages, in delivery order; not empty, entry ids unique
 * @param metadata metadata of the batch; never {@code null}
 */
public record BulkMessage(
    String topic, List<BulkMessageEntry> entries, Map<String, String> metadata) {

  /**
   * Validates and copies the components.
   *
   * @throws dev.plumb.api.InvalidRequestException if {@code topic} is empty
   */
  public BulkMessage {
    PubSubMessage.requireTopic(topic);
    entries = List.copyOf(entries);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
