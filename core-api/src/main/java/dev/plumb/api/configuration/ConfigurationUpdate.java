package dev.plumb.api.configuration;

import java.util.Map;
import java.util.Objects;

/**
 * A change notification of a configuration subscription.
 *
 * @param id the subscription's id
 * @param items the changed keys with their new items; a deleted key maps to an empty item
 */
public record ConfigurationUpdate(String id, Map<String, ConfigurationItem> items) {

  /** Validates and copies the components. */
  public ConfigurationUpdate {
    Objects.requireNonNull(id, "id");
    items = Map.copyOf(items);
  }
}
