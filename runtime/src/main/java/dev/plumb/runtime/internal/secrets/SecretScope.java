package dev.plumb.runtime.internal.secrets;

import java.util.Set;

/**
 * One entry of a {@code Configuration} resource's {@code spec.secrets.scopes}: which secrets of one
 * store this app may read.
 *
 * @param storeName the secret store's component name
 * @param defaultAllow {@code defaultAccess: allow} (the default) or {@code deny}
 * @param allowedSecrets {@code allowedSecrets}; when not empty, only these are allowed
 * @param deniedSecrets {@code deniedSecrets}
 */
public record SecretScope(
    String storeName, boolean defaultAllow, Set<String> allowedSecrets, Set<String> deniedSecrets) {

  /** Copies the sets. */
  public SecretScope {
    allowedSecrets = Set.copyOf(allowedSecrets);
    deniedSecrets = Set.copyOf(deniedSecrets);
  }

  /**
   * Applies Dapr's rules: an allow-list wins; otherwise denied secrets are refused; otherwise the
   * default access decides.
   *
   * @param secretName the secret
   * @return whether the app may read it
   */
  public boolean allows(String secretName) {
    if (!allowedSecrets.isEmpty()) {
      return allowedSecrets.contains(secretName);
    }
    if (deniedSecrets.contains(secretName)) {
      return false;
    }
    return defaultAllow;
  }
}
