package dev.plumb.api.crypto.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * A component-level signature: Dapr's {@code SubtleSign}. The array is shared, not copied; equality
 * compares it by content.
 *
 * @param digest the message's digest with the algorithm's hash (for {@code EdDSA}, the message
 *     itself); not {@code null}
 * @param algorithm the JWA signature algorithm; not empty
 * @param keyName the private key, {@code name} or {@code name/version}; not empty
 */
public record SignRequest(byte[] digest, String algorithm, String keyName) {

  /**
   * Validates the components.
   *
   * @throws dev.plumb.api.InvalidRequestException if {@code algorithm} or {@code keyName} is empty
   */
  public SignRequest {
    Requests.requireBytes(digest, "digest");
    Requests.requireName(algorithm, "algorithm");
    Requests.requireName(keyName, "keyName");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignRequest r
        && Arrays.equals(digest, r.digest)
        && algorithm.equals(r.algorithm)
        && keyName.equals(r.keyName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(digest), algorithm, keyName);
  }

  /**
   * Describes the request by algorithm, key and size, never by content.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return "SignRequest[algorithm="
        + algorithm
        + ", keyName="
        + keyName
        + ", digest="
        + Requests.size(digest)
        + "]";
  }
}
