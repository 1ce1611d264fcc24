package dev.plumb.api.state;

import java.util.Objects;

/**
 * An opaque version tag of a stored value, defined by the store. Every successful write produces a
 * new one. Pass it back with {@link SaveOptions#ifMatch(ETag)} or {@link
 * DeleteOptions#ifMatch(ETag)} to write only if nobody wrote since you read.
 *
 * @param value the store's version string; not {@code null}
 */
public record ETag(String value) {

  /** Validates the value. */
  public ETag {
    Objects.requireNonNull(value, "value");
  }

  /**
   * Wraps a store's version string.
   *
   * @param value the version, or {@code null}
   * @return the tag, or {@code null} if {@code value} is {@code null} or empty (Dapr treats an
   *     empty etag as none)
   */
  public static ETag of(String value) {
    return value == null || value.isEmpty() ? null : new ETag(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
