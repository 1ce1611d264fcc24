package dev.plumb.runtime.internal.resources;

import java.util.Objects;

/**
 * One entry of a component's {@code spec.metadata}, as written: exactly one of a plain value, a
 * secret reference or an environment reference.
 *
 * @param name the field name as written
 * @param value the plain value as text (any YAML scalar; mappings and lists as JSON), or {@code
 *     null} if the entry is a reference
 * @param secretKeyRef the secret reference, or {@code null}
 * @param envRef the environment variable's name, or {@code null}
 * @param line the 1-based line of the entry, 0 for components built in code
 */
public record MetadataEntry(
    String name, String value, SecretKeyRef secretKeyRef, String envRef, int line) {

  /** Checks the name. */
  public MetadataEntry {
    Objects.requireNonNull(name, "name");
  }

  /**
   * Creates a plain-value entry.
   *
   * @param name the field name
   * @param value the value
   * @param line the line, 0 if built in code
   * @return the entry
   */
  public static MetadataEntry plain(String name, String value, int line) {
    return new MetadataEntry(name, value, null, null, line);
  }

  /**
   * A {@code secretKeyRef}: the value is key {@code key} of secret {@code name} in the component's
   * {@code auth.secretStore}.
   *
   * @param name the secret's name
   * @param key the key inside the secret; {@code null} when omitted
   */
  public record SecretKeyRef(String name, String key) {

    /** Checks the name. */
    public SecretKeyRef {
      Objects.requireNonNull(name, "name");
    }

    /**
     * Returns the key to read: Dapr reads key {@code name} when the key is omitted.
     *
     * @return the key, or the secret's name
     */
    public String keyOrName() {
      return key == null || key.isEmpty() ? name : key;
    }
  }
}
