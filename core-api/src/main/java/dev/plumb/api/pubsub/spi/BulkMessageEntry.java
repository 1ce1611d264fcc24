package dev.plumb.api.pubsub.spi;

import dev.plumb.api.InvalidRequestException;
import java.util.Map;
import java.util.Objects;

/**
 * One message of a batch, published or delivered.
 *
 * @param entryId identifies the entry within its batch; not empty
 * @param event the bytes; not {@code null}; shared, not copied
 * @param contentType the bytes' media type, or {@code null}
 * @param metadata the entry's metadata; never {@code null}
 */
public record BulkMessageEntry(
    String entryId, byte[] event, String contentType, Map<String, String> metadata) {

  /**
   * Validates and copies the components.
   *
   * @throws InvalidRequestException if {@code entryId} is empty
   */
  public BulkMessageEntry {
    Objects.requireNonNull(entryId, "entryId");
    if (entryId.isEmpty()) {
      throw new InvalidRequestException("bulk entryId must not be empty");
    }
    Objects.requireNonNull(event, "event");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  @Override
  public String toString() {
    return "BulkMessageEntry[entryId="
        + entryId
        + ", bytes="
        + event.length
        + ", contentType="
        + contentType
        + ", metadata="
        + metadata.keySet()
        + "]";
  }
}
