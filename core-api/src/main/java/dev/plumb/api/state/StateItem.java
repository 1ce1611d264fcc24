package dev.plumb.api.state;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored value with its etag and the store's response metadata.
 *
 * @param key the key as the caller named it
 * @param value the value; {@code null} only when the store holds a JSON null
 * @param etag the store's version tag; {@code null} for stores without the {@code ETAG} feature
 * @param metadata the store's response metadata, such as {@code ttlExpireTime}; never {@code null}
 * @param <T> the value's type
 */
public record StateItem<T>(String key, T value, ETag etag, Map<String, String> metadata) {

  /** The metadata key under which stores report a value's expiry, in RFC 3339 UTC. */
  public static final String TTL_EXPIRE_TIME = "ttlExpireTime";

  /** Validates and copies the components. */
  public StateItem {
    Objects.requireNonNull(key, "key");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /**
   * Returns when the value expires, from the {@code ttlExpireTime} metadata.
   *
   * @return the expiry, or empty if the value has no TTL
   */
  public Optional<Instant> ttlExpireTime() {
    String t = metadata.get(TTL_EXPIRE_TIME);
    return t == null ? Optional.empty() : Optional.of(Instant.parse(t));
  }

  @Override
  public String toString() {
    return "StateItem[key=" + key + ", etag=" + etag + ", metadata=" + metadata + "]";
  }
}
