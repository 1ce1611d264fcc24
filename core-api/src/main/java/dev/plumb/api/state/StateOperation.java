package dev.plumb.api.state;

import java.util.Objects;

/** One operation of a transaction or a bulk call: an {@link Upsert} or a {@link Delete}. */
public sealed interface StateOperation permits StateOperation.Upsert, StateOperation.Delete {

  /**
   * Returns the key the operation acts on.
   *
   * @return the key as the caller names it
   */
  String key();

  /**
   * Saves a value, last write wins.
   *
   * @param key the key; must not contain {@code ||}
   * @param value the value; {@code byte[]} is stored as is, anything else as JSON
   * @return the operation
   */
  static Upsert upsert(String key, Object value) {
    return new Upsert(key, value, SaveOptions.DEFAULT);
  }

  /**
   * Saves a value with options.
   *
   * @param key the key; must not contain {@code ||}
   * @param value the value; {@code byte[]} is stored as is, anything else as JSON
   * @param options etag, concurrency, TTL and metadata
   * @return the operation
   */
  static Upsert upsert(String key, Object value, SaveOptions options) {
    return new Upsert(key, value, options);
  }

  /**
   * Deletes a key; deleting a missing key succeeds.
   *
   * @param key the key
   * @return the operation
   */
  static Delete delete(String key) {
    return new Delete(key, DeleteOptions.DEFAULT);
  }

  /**
   * Deletes a key with options.
   *
   * @param key the key
   * @param options etag and metadata
   * @return the operation
   */
  static Delete delete(String key, DeleteOptions options) {
    return new Delete(key, options);
  }

  /**
   * Saves a value.
   *
   * @param key the key
   * @param value the value, may be {@code null}
   * @param options never {@code null}
   */
  record Upsert(String key, Object value, SaveOptions options) implements StateOperation {
    /** Validates the components. */
    public Upsert {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(options, "options");
    }
  }

  /**
   * Deletes a key.
   *
   * @param key the key
   * @param options never {@code null}
   */
  record Delete(String key, DeleteOptions options) implements StateOperation {
    /** Validates the components. */
    public Delete {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(options, "options");
    }
  }
}
