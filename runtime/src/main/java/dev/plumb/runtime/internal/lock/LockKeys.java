package dev.plumb.runtime.internal.lock;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.spi.ComponentMetadata;
import java.util.Locale;

/**
 * Builds stored lock keys as Dapr's runtime does ({@code lock||<appId>||<resourceId>} by default),
 * from the component's {@code keyPrefix} strategy: {@code appid} (default; {@code lock||id} when
 * the app id is empty), {@code name} (the store's name), {@code none}, or any other value used as a
 * literal prefix.
 */
final class LockKeys {
  static final String SEPARATOR = "||";
  private static final String LOCK = "lock";

  private final String prefix;

  private LockKeys(String prefix) {
    this.prefix = prefix;
  }

  /**
   * Reads the strategy from a component's metadata.
   *
   * @param storeName the store's name
   * @param appId the app id
   * @param metadata the component's metadata
   * @return the key builder
   * @throws ConfigurationException if the prefix contains {@code ||}
   */
  static LockKeys of(String storeName, String appId, ComponentMetadata metadata) {
    String strategy = metadata.getString("keyPrefix", "appid");
    String middle;
    switch (strategy.toLowerCase(Locale.ROOT)) {
      case "appid":
        middle = appId;
        break;
      case "name":
        middle = storeName;
        break;
      case "none":
        middle = "";
        break;
      default:
        middle = strategy;
    }
    if (middle.contains(SEPARATOR)) {
      throw new ConfigurationException(
          "lock store '"
              + storeName
              + "': metadata 'keyPrefix' must not contain '||', got '"
              + middle
              + "'");
    }
    return new LockKeys(
        middle.isEmpty() ? LOCK + SEPARATOR : LOCK + SEPARATOR + middle + SEPARATOR);
  }

  /**
   * Returns the stored key of a resource.
   *
   * @param resourceId the user's resource id
   * @return the stored key
   * @throws InvalidRequestException if the id contains {@code ||}
   */
  String key(String resourceId) {
    if (resourceId.contains(SEPARATOR)) {
      throw new InvalidRequestException(
          "input key/keyPrefix '" + resourceId + "' can't contain '" + SEPARATOR + "'");
    }
    return prefix + resourceId;
  }
}
