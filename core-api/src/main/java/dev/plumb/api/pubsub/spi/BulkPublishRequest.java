package dev.plumb.api.pubsub.spi;

import dev.plumb.api.InvalidRequestException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A component-level bulk publish.
 *
 * @param topic the topic; not empty
 * @param entries the messages; entry ids unique
 * @param metadata request metadata applying to every entry; never {@code null}
 */
public record BulkPublishRequest(
    String topic, List<BulkMessageEntry> entries, Map<String, String> metadata) {

  /**
   * Validates and copies the components.
   *
   * @throws InvalidRequestException if {@code topic} is empty or two entries share an id
   */
  public BulkPublishRequest {
    PubSubMessage.requireTopic(topic);
    entries = List.copyOf(entries);
    Set<String> ids = new HashSet<>();
    for (BulkMessageEntry e : entries) {
      if (!ids.add(e.entryId())) {
        throw new InvalidRequestException(
            "entryId '" + e.entryId() + "' is duplicated in the bulk publish request");
      }
    }
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
