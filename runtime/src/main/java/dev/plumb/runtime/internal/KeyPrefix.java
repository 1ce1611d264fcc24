package dev.plumb.runtime.internal;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.spi.ComponentMetadata;
import java.util.Locale;

/**
 * Dapr's {@code keyPrefix} strategy, the one key scheme of every block that stores keys (runtime
 * {@code state_config.go} and {@code lock_config.go}): the strategy, matched without case and
 * lower-cased as Dapr does, picks a prefix joined to each user key with the reserved separator
 * {@code ||}: {@code appid} (the default; nothing when the app id is empty), {@code name} (the
 * component's name), {@code none}, {@code namespace} (state only: {@code <namespace>.<appId>}), or
 * any other value as a literal prefix. A block may put a fixed prefix of its own first, as locks do
 * with {@code lock}. Immutable.
 */
public final class KeyPrefix {
  /** Dapr's reserved separator. */
  public static final String SEPARATOR = "||";

  /** The metadata field naming the strategy. */
  public static final String FIELD = "keyPrefix";

  private final String owner;
  private final String prefix;

  private KeyPrefix(String owner, String prefix) {
    this.owner = owner;
    this.prefix = prefix;
  }

  /**
   * Reads a state store's strategy.
   *
   * @param component the component
   * @param appId the application id; may be empty
   * @param namespace the namespace; may be empty
   * @return the key scheme
   * @throws ConfigurationException if the resolved prefix contains {@code ||}
   */
  public static KeyPrefix forState(LoadedComponent<?> component, String appId, String namespace) {
    return resolve(
        "state store '" + component.name() + "'", null, true, component, appId, namespace);
  }

  /**
   * Reads a lock store's strategy: keys are {@code lock||<prefix>||<resourceId>}.
   *
   * @param component the component
   * @param appId the application id; may be empty
   * @return the key scheme
   * @throws ConfigurationException if the resolved prefix contains {@code ||}
   */
  public static KeyPrefix forLock(LoadedComponent<?> component, String appId) {
    return resolve("lock store '" + component.name() + "'", "lock", false, component, appId, "");
  }

  private static KeyPrefix resolve(
      String owner,
      String fixed,
      boolean namespaces,
      LoadedComponent<?> component,
      String appId,
      String namespace) {
    ComponentMetadata metadata = component.metadata();
    String strategy = metadata.getString(FIELD, "appid").toLowerCase(Locale.ROOT);
    String middle;
    switch (strategy) {
      case "none":
        middle = "";
        break;
      case "name":
        middle = component.name();
        break;
      case "appid":
        middle = appId;
        break;
      case "namespace":
        if (namespaces) {
          middle = appId.isEmpty() || namespace.isEmpty() ? appId : namespace + "." + appId;
          break;
        }
        middle = strategy;
        break;
      default:
        middle = strategy;
    }
    if (middle.contains(SEPARATOR)) {
      throw new ConfigurationException(
          metadata.owner()
              + ": metadata '"
              + FIELD
              + "': input key/keyPrefix "
              + (metadata.isSecret(FIELD) ? "(a secret value)" : "'" + middle + "'")
              + " can't contain '"
              + SEPARATOR
              + "'");
    }
    String prefix =
        fixed == null
            ? (middle.isEmpty() ? null : middle)
            : (middle.isEmpty() ? fixed : fixed + SEPARATOR + middle);
    return new KeyPrefix(owner, prefix);
  }

  /**
   * Returns the prefix.
   *
   * @return the prefix without the trailing separator, or {@code null} if keys are stored as given
   */
  public String prefix() {
    return prefix;
  }

  /**
   * Validates a user key and adds the prefix.
   *
   * @param key the user's key
   * @return the stored key
   * @throws InvalidRequestException if the key is {@code null} or contains {@code ||}
   */
  public String toStored(String key) {
    if (key == null) {
      throw new InvalidRequestException(owner + ": the key is required");
    }
    if (key.contains(SEPARATOR)) {
      throw new InvalidRequestException(
          owner + ": input key/keyPrefix '" + key + "' can't contain '" + SEPARATOR + "'");
    }
    return prefix == null ? key : prefix + SEPARATOR + key;
  }

  /**
   * Recovers the user key of a stored key: strips this prefix; for keys of another prefix, takes
   * Dapr's second {@code ||}-separated part.
   *
   * @param stored a stored key
   * @return the user's key
   */
  public String toUser(String stored) {
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
