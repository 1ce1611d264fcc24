package dev.plumb.api.spi;

import java.util.Objects;

/**
 * One entry of a component's {@code spec.metadata}, as loaded from a resource file.
 *
 * @param name the field name as written
 * @param value the value as a string (YAML scalars of any kind are kept as written); never {@code
 *     null}
 * @param secret whether the value came from a {@code secretKeyRef}; such values are never printed
 * @param line the 1-based line of the entry in its file, or 0 if the component was built in code
 */
public record MetadataField(String name, String value, boolean secret, int line) {

  /** Validates the components. */
  public MetadataField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  /**
   * Returns a description safe to log: secret values are masked.
   *
   * @return {@code name=value}, or {@code name=***} for secrets
   */
  @Override
  public String toString() {
    return name + "=" + (secret ? "***" : value);
  }
}
