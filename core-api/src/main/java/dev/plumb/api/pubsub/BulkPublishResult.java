package dev.plumb.api.pubsub;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of a bulk publish. Bulk publishing is not atomic: every entry not listed in {@link
 * #failedEntries()} was published.
 *
 * @param failedEntries the ids of the entries that failed with their errors, in request order;
 *     never {@code null}, empty if all were published
 */
public record BulkPublishResult(Map<String, Exception> failedEntries) {

  /** Every entry was published. */
  public static final BulkPublishResult ALL_PUBLISHED = new BulkPublishResult(Map.of());

  /** Copies the components, keeping their order. */
  public BulkPublishResult {
    failedEntries =
        failedEntries == null || failedEntries.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(failedEntries));
  }

  /**
   * Returns whether every entry was published.
   *
   * @return {@code true} if no entry failed
   */
  public boolean allPublished() {
    return failedEntries.isEmpty();
  }
}
