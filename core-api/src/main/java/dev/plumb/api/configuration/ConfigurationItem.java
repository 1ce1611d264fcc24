package dev.plumb.api.configuration;

import java.util.Map;

/**
 * One configuration value with its version and the store's metadata. A key deleted while subscribed
 * arrives as an {@linkplain #isEmpty() empty} item (some stores instead send their own marker, such
 * as Kubernetes' {@code deleted=true} metadata).
 *
 * @param value the value; never {@code null}, empty if none
 * @param version the store's version of the value; never {@code null}, empty if the store has none
 * @param metadata the store's metadata; never {@code null}
 */
public record ConfigurationItem(String value, String version, Map<String, String> metadata) {

  /** The item Dapr sends for a deleted key. */
  public static final ConfigurationItem EMPTY = new ConfigurationItem("", "", Map.of());

  /** Copies the components, turning {@code null} into empty. */
  public ConfigurationItem {
    value = value == null ? "" : value;
    version = version == null ? "" : version;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /**
   * An item without metadata.
   *
   * @param value the value
   * @param version the version
   * @return the item
   */
  public static ConfigurationItem of(String value, String version) {
    return new ConfigurationItem(value, version, Map.of());
  }

  /**
   * Returns whether value, version and metadata are all empty, as for a deleted key.
   *
   * @return {@code true} if the item carries nothing
   */
  public boolean isEmpty() {
    return value.isEmpty() && version.isEmpty() && metadata.isEmpty();
  }
}
