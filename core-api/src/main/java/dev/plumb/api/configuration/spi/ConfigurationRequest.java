package dev.plumb.api.configuration.spi;

import java.util.List;
import java.util.Map;

/**
 * A component-level read or subscription.
 *
 * @param keys the keys; empty means every key (for a subscription, including keys added later)
 * @param metadata request metadata; never {@code null}
 */
public record ConfigurationRequest(List<String> keys, Map<String, String> metadata) {

  /** Copies the components. */
  public ConfigurationRequest {
    keys = keys == null ? List.of() : List.copyOf(keys);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /**
   * A request for keys without metadata.
   *
   * @param keys the keys; none means every key
   * @return the request
   */
  public static ConfigurationRequest of(String... keys) {
    return new ConfigurationRequest(List.of(keys), Map.of());
  }
}
