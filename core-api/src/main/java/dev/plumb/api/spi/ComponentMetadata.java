package dev.plumb.api.spi;

import dev.plumb.api.ConfigurationException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A typed, read-only view of a component's {@code spec.metadata}. Field names are matched without
 * regard to case, as Dapr's metadata decoder does. Values are read in Dapr's spellings through
 * {@link DaprValues}: durations as {@code 10s}, {@code 1m30s}, {@code 500ms} or a bare number of
 * seconds; booleans as {@code true}/{@code false}, {@code t}/{@code f}, {@code 1}/{@code 0}, {@code
 * yes}/{@code no}, {@code on}/{@code off} in any case. A blank value counts as absent.
 *
 * <p>Getters never throw for a bad value: they record the problem and return the default, so that a
 * provider reads every field and {@link #validate()} reports every problem of the component in one
 * {@link ConfigurationException}. Messages name the owner and the field's line, never a secret
 * value. Implementations are thread-safe.
 */
public interface ComponentMetadata {

  /**
   * Creates a view of plain, non-secret values, for components built in code and tests.
   *
   * @param owner describes the component in messages, for example {@code component 'statestore'}
   * @param values the metadata; not {@code null}
   * @return the view
   */
  static ComponentMetadata of(String owner, Map<String, String> values) {
    List<MetadataField> list = new ArrayList<>();
    values.forEach((k, v) -> list.add(new MetadataField(k, v, false, 0)));
    return of(owner, list);
  }

  /**
   * Creates a view of metadata fields.
   *
   * @param owner describes the component in messages, for example {@code component 'statestore'
   *     (components/redis.yaml:5)}
   * @param fields the entries; a later entry with the same name (ignoring case) wins
   * @return the view
   */
  static ComponentMetadata of(String owner, List<MetadataField> fields) {
    return new MetadataView(owner, fields);
  }

  /**
   * Returns what messages call the component.
   *
   * @return for example {@code component 'statestore' (components/redis.yaml:5)}
   */
  String owner();

  /**
   * Returns whether a field is present with a non-blank value.
   *
   * @param name the field name, any case
   * @return {@code true} if present and not blank
   */
  boolean has(String name);

  /**
   * Returns a field's value.
   *
   * @param name the field name, any case
   * @return the trimmed value, or empty if absent or blank
   */
  Optional<String> getString(String name);

  /**
   * Returns a field's value or a default.
   *
   * @param name the field name, any case
   * @param defaultValue returned if the field is absent or blank
   * @return the value
   */
  default String getString(String name, String defaultValue) {
    return getString(name).orElse(defaultValue);
  }

  /**
   * Returns whether a field's value came from a secret store ({@code secretKeyRef}); such values
   * must never be printed.
   *
   * @param name the field name, any case
   * @return {@code true} if present and resolved from a secret store
   */
  boolean isSecret(String name);

  /**
   * Returns a required field's value; records a problem if it is missing.
   *
   * @param name the field name, any case
   * @return the value, or the empty string if missing (then {@link #validate()} fails)
   */
  String requireString(String name);

  /**
   * Returns an integer field or a default; records a problem if the value is not an integer.
   *
   * @param name the field name, any case
   * @param defaultValue returned if absent or invalid
   * @return the value
   */
  int getInt(String name, int defaultValue);

  /**
   * Returns a long integer field or a default; records a problem if the value is not an integer.
   *
   * @param name the field name, any case
   * @param defaultValue returned if absent or invalid
   * @return the value
   */
  long getLong(String name, long defaultValue);

  /**
   * Returns a boolean field or a default; records a problem if the value is not a boolean.
   *
   * @param name the field name, any case
   * @param defaultValue returned if absent or invalid
   * @return the value
   */
  boolean getBoolean(String name, boolean defaultValue);

  /**
   * Returns a duration field or a default, a bare number being seconds as in Dapr; records a
   * problem if the value is not a duration or exceeds {@link DaprValues#MAX_DURATION}.
   *
   * @param name the field name, any case
   * @param defaultValue returned if absent or invalid
   * @return the value
   */
  default Duration getDuration(String name, Duration defaultValue) {
    return getDuration(name, ChronoUnit.SECONDS, defaultValue);
  }

  /**
   * Returns a duration field whose bare numbers are in a given unit (Dapr fields such as {@code
   * maxAwaitDurationMs}), or a default; records a problem if the value is not a duration.
   *
   * @param name the field name, any case
   * @param bareUnit the unit of a number written without one
   * @param defaultValue returned if absent or invalid
   * @return the value
   */
  Duration getDuration(String name, ChronoUnit bareUnit, Duration defaultValue);

  /**
   * Returns a size in bytes ({@code 4096}, {@code 10Ki}, {@code 100Mi}; see {@link
   * DaprValues#parseByteSize}) or a default; records a problem if the value is not a size.
   *
   * @param name the field name, any case
   * @param defaultValue returned if absent or invalid
   * @return the number of bytes
   */
  default long getByteSize(String name, long defaultValue) {
    Optional<String> v = getString(name);
    if (v.isEmpty()) {
      return defaultValue;
    }
    try {
      return DaprValues.parseByteSize(v.get());
    } catch (IllegalArgumentException e) {
      addProblem(
          "metadata '"
              + name
              + "': expected a size in bytes such as 4096, 10Ki or 100Mi"
              + (isSecret(name) ? "" : ", got '" + v.get() + "'"));
      return defaultValue;
    }
  }

  /**
   * Records a problem found by the provider itself, for example two fields that exclude each other.
   *
   * @param message describes the problem; must not contain secret values
   */
  void addProblem(String message);

  /**
   * Returns the names of all fields present, as written.
   *
   * @return the field names in file order
   */
  List<String> names();

  /**
   * Throws if any getter or {@link #addProblem} recorded a problem.
   *
   * @throws ConfigurationException listing every problem recorded so far
   */
  void validate();
}
