package dev.plumb.api.pubsub;

import dev.plumb.api.InvalidRequestException;
import java.util.Map;
import java.util.Objects;

/**
 * One event of a bulk publish request.
 *
 * @param entryId identifies the entry in the result; unique within the request, not empty
 * @param event the payload: {@code byte[]} as is, anything else serialized; may be {@code null}
 * @param contentType the payload's media type, or {@code null} for the default
 * @param metadata metadata of this entry, passed to the broker; never {@code null}
 */
public record BulkPublishEntry(
    String entryId, Object event, String contentType, Map<String, String> metadata) {

  /**
   * Validates and copies the components.
   *
   * @throws InvalidRequestException if {@code entryId} is empty
   */
  public BulkPublishEntry {
    Objects.requireNonNull(entryId, "entryId");
    if (entryId.isEmpty()) {
      throw new InvalidRequestException("bulk publish entryId must not be empty");
    }
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /**
   * An entry with the default content type and no metadata.
   *
   * @param entryId the entry's id
   * @param event the payload
   * @return the entry
   */
  public static BulkPublishEntry of(String entryId, Object event) {
    return new BulkPublishEntry(entryId, event, null, Map.of());
  }
}
