package dev.plumb.api.state;

import java.util.Map;
import java.util.Objects;

/**
 * How to delete one key: an optional etag to match, consistency and request metadata.
 *
 * @param etag the etag the stored value must match, or {@code null} for none
 * @param consistency the consistency model; not {@code null}
 * @param metadata request metadata passed to the store; never {@code null}
 */
public record DeleteOptions(ETag etag, Consistency consistency, Map<String, String> metadata) {
  /** Unconditional delete. */
  public static final DeleteOptions DEFAULT =
      new DeleteOptions(null, Consistency.EVENTUAL, Map.of());

  /** Validates and copies the components. */
  public DeleteOptions {
    Objects.requireNonNull(consistency, "consistency");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /**
   * Deletes only if the stored etag still equals {@code etag}.
   *
   * @param etag the etag read earlier; not {@code null}
   * @return the options
   */
  public static DeleteOptions ifMatch(ETag etag) {
    return new DeleteOptions(Objects.requireNonNull(etag, "etag"), Consistency.EVENTUAL, Map.of());
  }
}
