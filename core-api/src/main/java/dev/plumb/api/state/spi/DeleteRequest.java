package dev.plumb.api.state.spi;

import dev.plumb.api.state.Concurrency;
import dev.plumb.api.state.Consistency;
import dev.plumb.api.state.ETag;
import java.util.Map;
import java.util.Objects;

/**
 * A component-level delete. Deleting a missing key without an etag succeeds.
 *
 * @param key the stored key, prefix included
 * @param etag the etag to match, or {@code null}
 * @param concurrency the concurrency model; not {@code null}
 * @param consistency the consistency model; not {@code null}
 * @param metadata request metadata
 */
public record DeleteRequest(
    String key,
    ETag etag,
    Concurrency concurrency,
    Consistency consistency,
    Map<String, String> metadata)
    implements StateMutation {

  /** Validates and copies the components. */
  public DeleteRequest {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(concurrency, "concurrency");
    Objects.requireNonNull(consistency, "consistency");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /**
   * An unconditional delete.
   *
   * @param key the stored key
   * @return the request
   */
  public static DeleteRequest of(String key) {
    return new DeleteRequest(key, null, Concurrency.LAST_WRITE, Consistency.EVENTUAL, Map.of());
  }

  /**
   * A delete conditional on an etag.
   *
   * @param key the stored key
   * @param etag the etag to match
   * @return the request
   */
  public static DeleteRequest ifMatch(String key, ETag etag) {
    return new DeleteRequest(key, etag, Concurrency.LAST_WRITE, Consistency.EVENTUAL, Map.of());
  }
}
