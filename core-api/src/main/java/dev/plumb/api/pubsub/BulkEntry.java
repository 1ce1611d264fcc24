package dev.plumb.api.pubsub;

import dev.plumb.api.InvalidRequestException;
import java.util.Objects;

/**
 * One entry of a batch delivered to a {@link BulkTopicHandler}.
 *
 * @param entryId identifies the entry within its batch; not empty
 * @param event the entry's event
 * @param <T> the payload's type
 */
public record BulkEntry<T>(String entryId, TopicEvent<T> event) {

  /**
   * Validates the components.
   *
   * @throws InvalidRequestException if {@code entryId} is empty
   */
  public BulkEntry {
    Objects.requireNonNull(entryId, "entryId");
    Objects.requireNonNull(event, "event");
    if (entryId.isEmpty()) {
      throw new InvalidRequestException("bulk entry id must not be empty");
    }
  }
}
