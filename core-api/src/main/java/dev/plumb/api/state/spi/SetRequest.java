package dev.plumb.api.state.spi;

import dev.plumb.api.state.Concurrency;
import dev.plumb.api.state.Consistency;
import dev.plumb.api.state.ETag;
import java.util.Map;
import java.util.Objects;

/**
 * A component-level save. The TTL travels as Dapr's {@code ttlInSeconds} metadata: read it with
 * {@link StateComponents#ttlSeconds(Map)}.
 *
 * @param key the stored key, prefix included
 * @param value the bytes to store, exactly; not {@code null}
 * @param etag the etag to match, or {@code null}
 * @param concurrency the concurrency model; not {@code null}
 * @param consistency the consistency model; not {@code null}
 * @param metadata request metadata, such as {@code ttlInSeconds} or {@code contentType}
 */
public record SetRequest(
    String key,
    byte[] value,
    ETag etag,
    Concurrency concurrency,
    Consistency consistency,
    Map<String, String> metadata)
    implements StateMutation {

  /** Validates and copies the components. */
  public SetRequest {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(concurrency, "concurrency");
    Objects.requireNonNull(consistency, "consistency");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /**
   * A last-write-wins save without metadata.
   *
   * @param key the stored key
   * @param value the bytes
   * @return the request
   */
  public static SetRequest of(String key, byte[] value) {
    return new SetRequest(key, value, null, Concurrency.LAST_WRITE, Consistency.EVENTUAL, Map.of());
  }

  @Override
  public String toString() {
    return "SetRequest[key="
        + key
        + ", bytes="
        + value.length
        + ", etag="
        + etag
        + ", concurrency="
        + concurrency
        + ", metadata="
        + metadata.keySet()
        + "]";
  }
}
