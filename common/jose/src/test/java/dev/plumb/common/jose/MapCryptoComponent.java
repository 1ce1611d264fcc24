package dev.plumb.common.jose;

import dev.plumb.api.crypto.CryptoException;
import java.util.Map;

/** Keys from a map, for tests of the shared core. */
final class MapCryptoComponent extends LocalKeyCryptoComponent {
  private final Map<String, LocalKey> keys;

  MapCryptoComponent(Map<String, LocalKey> keys) {
    super("test");
    this.keys = Map.copyOf(keys);
  }

  @Override
  protected LocalKey retrieveKey(String keyName) {
    LocalKey k = keys.get(keyName);
    if (k == null) {
      throw new CryptoException("key not found");
    }
    return k;
  }
}
