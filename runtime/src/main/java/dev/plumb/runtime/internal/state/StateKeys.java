package dev.plumb.runtime.internal.state;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.InvalidRequestException;
import java.util.Locale;

/**
 * Dapr's key scheme (runtime {@code state_config.go}): the {@code keyPrefix} metadata picks the
 * prefix joined to every user key with the reserved separator {@code ||}. The strategy name is
 * matched without case and, as Dapr does, a custom prefix is lower-cased. Immutable.
 */
final class StateKeys {
  static final String SEPARATOR = "||";
  static final String KEY_PREFIX = "keyPrefix";

  private final String storeName;
  private final String prefix;

  private StateKeys(String storeName, String prefix) {
    this.storeName = storeName;
    this.prefix = prefix;
  }

  /**
   * Resolves a store's prefix.
   *
   * @param storeName the component's name
   * @param strategy the {@code keyPrefix} value, or {@code null} for the default {@code appid}
   * @param appId the application id; may be empty
   * @param namespace the namespace; may be empty
   * @throws ConfigurationException if the resolved prefix contains {@code ||}
   */
  static StateKeys resolve(String storeName, String strategy, String appId, String namespace) {
    String s = strategy == null ? "appid" : strategy.toLowerCase(Locale.ROOT);
    String app = appId == null ? "" : appId;
    String prefix;
    switch (s) {
      case "none":
        prefix = null;
        break;
      case "name":
        prefix = storeName;
        break;
      case "namespace":
        prefix =
            app.isEmpty()
                ? null
                : namespace == null || namespace.isEmpty() ? app : namespace + "." + app;
        break;
      case "appid":
        prefix = app.isEmpty() ? null : app;
        break;
      default:
        prefix = s;
    }
    if (prefix != null && prefix.contains(SEPARATOR)) {
      throw new ConfigurationException(
          "component '"
              + storeName
              + "': metadata '"
              + KEY_PREFIX
              + "': input key/keyPrefix '"
              + prefix
              + "' can't contain '"
              + SEPARATOR
              + "'");
    }
    return new StateKeys(storeName, prefix);
  }

  /**
   * Returns the prefix.
   *
   * @return the prefix without separator, or {@code null} if keys are stored as given
   */
  String prefix() {
    return prefix;
  }

  /**
   * Validates a user key and adds the prefix.
   *
   * @throws InvalidRequestException if the key contains {@code ||}
   */
  String toStored(String key) {
    if (key == null) {
      throw new InvalidRequestException("state store '" + storeName + "': the key is required");
    }
    if (key.contains(SEPARATOR)) {
      throw new InvalidRequestException(
          "state store '"
              + storeName
              + "': input key/keyPrefix '"
              + key
              + "' can't contain '"
              + SEPARATOR
              + "'");
    }
    return prefix == null ? key : prefix + SEPARATOR + key;
  }

  /**
   * Recovers the user key of a stored key: strips this store's prefix; for keys of another prefix,
   * takes Dapr's second {@code ||}-separated part.
   */
  String toUser(String stored) {
    if (prefix == null) {
      return stored;
    }
    if (stored.startsWith(prefix + SEPARATOR)) {
      return stored.substring(prefix.length() + SEPARATOR.length());
    }
    String[] parts = stored.split("\\|\\|", 3);
    return parts.length > 1 ? parts[1] : stored;
  }
}
