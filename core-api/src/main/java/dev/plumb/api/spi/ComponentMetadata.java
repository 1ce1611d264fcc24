package dev.plumb.api.spi;

import dev.plumb.api.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A typed, read-only view of a component's {@code spec.metadata}. Field names are matched without
 * regard to case, as Dapr's components do. Values accept Dapr's spellings: durations as {@code
 * 10s}, {@code 1m30s}, {@code 500ms} or plain seconds; booleans as {@code true}/{@code false} in
 * any case, {@code 1}/{@code 0}, {@code yes}/{@code no}.
 *
 * <p>Getters never throw for a bad value: they record the problem and return the default, so that a
 * provider reads every field and {@link #validate()} reports every problem of the component in one
 * {@link ConfigurationException}. Thread-safe.
 */
public final class ComponentMetadata {
  private final String owner;
  private final Map<String, MetadataField> fields = new LinkedHashMap<>();
  private final Set<String> read = ConcurrentHashMap.newKeySet();
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

  /**
   * Creates a view.
   *
   * @param owner describes the component in messages, for example {@code component 'statestore'
   *     (components/redis.yaml:5)}
   * @param fields the metadata entries; a later entry with the same name (ignoring case) wins
   */
  public ComponentMetadata(String owner, List<MetadataField> fields) {
    this.owner = owner;
    for (MetadataField f : fields) {
      this.fields.put(key(f.name()), f);
    }
  }

  /**
   * Creates a view of plain, non-secret values, for components built in code and tests.
   *
   * @param owner describes the component in messages
   * @param values the metadata
   * @return the view
   */
  public static ComponentMetadata of(String owner, Map<String, String> values) {
    List<MetadataField> list = new ArrayList<>();
    values.forEach((k, v) -> list.add(new MetadataField(k, v, false, 0)));
    return new ComponentMetadata(owner, list);
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /**
   * Returns whether a field is present with a non-blank value.
   *
   * @param name the field name, any case
   * @return {@code true} if present and not blank
   */
  public boolean has(String name) {
    read.add(key(name));
    MetadataField f = fields.get(key(name));
    return f != null && !f.value().isBlank();
  }

  /**
   * Returns a field's value.
   *
   * @param name the field name, any case
   * @return the trimmed value, or empty if absent or blank
   */
  public Optional<String> getString(String name) {
    read.add(key(name));
    MetadataField f = fields.get(key(name));
    if (f == null || f.value().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(f.value().trim());
  }

  /**
   * Returns whether a field's value came from a {@code secretKeyRef}.
   *
   * @param name the field name, any case
   * @return {@code true} if present and resolved from a secret store
   */
  public boolean isSecret(String name) {
    MetadataField f = fields.get(key(name));
    return f != null && f.secret();
  }

  /**
   * Returns a field's value or a default.
   *
   * @param name the field name, any case
   * @param defaultValue returned if the field is absent or blank
   * @return the value
   */
  public String getString(String name, String defaultValue) {
    return getString(name).orElse(defaultValue);
  }

  /**
   * Returns a required field's value; records a problem if it is missing.
   *
   * @param name the field name, any case
   * @return the value, or the empty string if missing (then {@link #validate()} fails)
   */
  public String requireString(String name) {
    Optional<String> v = getString(name);
    if (v.isEmpty()) {
      problems.add(owner + ": metadata '" + name + "' is required");
      return "";
    }
    return v.get();
  }

  /**
   * Returns an integer field or a default; records a problem if the value is not an integer.
   *
   * @param name the field name, any case
   * @param defaultValue returned if absent or invalid
   * @return the value
   */
  public int getInt(String name, int defaultValue) {
    long v = getLong(name, defaultValue);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      problem(name, "an integer", fields.get(key(name)));
      return defaultValue;
    }
    return (int) v;
  }

  /**
   * Returns a long integer field or a default; records a problem if the value is not an integer.
   *
   * @param name the field name, any case
   * @param defaultValue returned if absent or invalid
   * @return the value
   */
  public long getLong(String name, long defaultValue) {
    Optional<String> v = getString(name);
    if (v.isEmpty()) {
      return defaultValue;
    }
    try {
      return Long.parseLong(v.get());
    } catch (NumberFormatException e) {
      problem(name, "an integer", fields.get(key(name)));
      return defaultValue;
    }
  }

  /**
   * Returns a boolean field or a default; records a problem if the value is not a boolean.
   *
   * @param name the field name, any case
   * @param defaultValue returned if absent or invalid
   * @return the value
   */
  public boolean getBoolean(String name, boolean defaultValue) {
    Optional<String> v = getString(name);
    if (v.isEmpty()) {
      return defaultValue;
    }
    switch (v.get().toLowerCase(Locale.ROOT)) {
      case "true":
      case "1":
      case "yes":
      case "y":
      case "on":
        return true;
      case "false":
      case "0":
      case "no":
      case "n":
      case "off":
        return false;
      default:
        problem(name, "a boolean", fields.get(key(name)));
        return defaultValue;
    }
  }

  /**
   * Returns a duration field or a default; records a problem if the value is not a duration. Plain
   * numbers are seconds; otherwise Go duration syntax ({@code 1h2m3s}, {@code 500ms}) or ISO-8601
   * ({@code PT5S}).
   *
   * @param name the field name, any case
   * @param defaultValue returned if absent or invalid
   * @return the value
   */
  public Duration getDuration(String name, Duration defaultValue) {
    Optional<String> v = getString(name);
    if (v.isEmpty()) {
      return defaultValue;
    }
    try {
      return Durations.parse(v.get());
    } catch (IllegalArgumentException e) {
      problem(name, "a duration such as 10s or 1m30s", fields.get(key(name)));
      return defaultValue;
    }
  }

  /**
   * Records a problem found by the provider itself, for example two fields that exclude each other.
   *
   * @param message describes the problem; must not contain secret values
   */
  public void addProblem(String message) {
    problems.add(owner + ": " + message);
  }

  /**
   * Returns the names of all fields present, as written.
   *
   * @return the field names in file order
   */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    fields.values().forEach(f -> names.add(f.name()));
    return names;
  }

  /**
   * Returns the names of fields present that no getter has read: likely misspellings.
   *
   * @return the unread field names, as written
   */
  public List<String> unreadNames() {
    List<String> names = new ArrayList<>();
    fields
        .values()
        .forEach(
            f -> {
              if (!read.contains(key(f.name()))) {
                names.add(f.name());
              }
            });
    return names;
  }

  /**
   * Throws if any getter recorded a problem.
   *
   * @throws ConfigurationException listing every problem recorded so far
   */
  public void validate() {
    synchronized (problems) {
      if (!problems.isEmpty()) {
        throw new ConfigurationException(List.copyOf(problems));
      }
    }
  }

  private void problem(String name, String expected, MetadataField f) {
    String where = f != null && f.line() > 0 ? " (line " + f.line() + ")" : "";
    String got = f == null ? "" : f.secret() ? ", got a secret value" : ", got '" + f.value() + "'";
    problems.add(owner + ": metadata '" + name + "'" + where + ": expected " + expected + got);
  }

  /**
   * Describes the view without values: secrets never appear.
   *
   * @return the owner and the field names
   */
  @Override
  public String toString() {
    return "ComponentMetadata[" + owner + ", fields=" + names() + "]";
  }
}
