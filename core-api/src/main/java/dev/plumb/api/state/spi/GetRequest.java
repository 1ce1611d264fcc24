package dev.plumb.api.state.spi;

import dev.plumb.api.state.Consistency;
import java.util.Map;
import java.util.Objects;

/**
 * A component-level read.
 *
 * @param key the stored key, prefix included
 * @param consistency the consistency model; not {@code null}
 * @param metadata request metadata; never {@code null}
 */
public record GetRequest(String key, Consistency consistency, Map<String, String> metadata) {
  /** Validates and copies the components. */
  public GetRequest {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(consistency, "consistency");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /**
   * A read with default options.
   *
   * @param key the stored key
   * @return the request
   */
  public static GetRequest of(String key) {
    return new GetRequest(key, Consistency.EVENTUAL, Map.of());
  }
}
