package dev.plumb.api.crypto.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * A component-level key wrap: Dapr's {@code SubtleWrapKey}. Arrays are shared, not copied; equality
 * compares them by content.
 *
 * @param plaintextKey the raw key bytes to wrap; not {@code null}
 * @param algorithm the JWA key-wrap or encryption algorithm; not empty
 * @param keyName the wrapping key, {@code name} or {@code name/version}; not empty
 * @param nonce the nonce or IV, or {@code null} where the algorithm takes none
 * @param associatedData data authenticated but not encrypted (AEAD), or {@code null}
 */
public record WrapKeyRequest(
    byte[] plaintextKey, String algorithm, String keyName, byte[] nonce, byte[] associatedData) {

  /**
   * Validates the components.
   *
   * @throws dev.plumb.api.InvalidRequestException if {@code algorithm} or {@code keyName} is empty
   */
  public WrapKeyRequest {
    Requests.requireBytes(plaintextKey, "plaintextKey");
    Requests.requireName(algorithm, "algorithm");
    Requests.requireName(keyName, "keyName");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WrapKeyRequest r
        && Arrays.equals(plaintextKey, r.plaintextKey)
        && algorithm.equals(r.algorithm)
        && keyName.equals(r.keyName)
        && Arrays.equals(nonce, r.nonce)
        && Arrays.equals(associatedData, r.associatedData);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        Arrays.hashCode(plaintextKey),
        algorithm,
        keyName,
        Arrays.hashCode(nonce),
        Arrays.hashCode(associatedData));
  }

  /**
   * Describes the request by algorithm, key and sizes, never by content.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return "WrapKeyRequest[algorithm="
        + algorithm
        + ", keyName="
        + keyName
        + ", plaintextKey="
        + Requests.size(plaintextKey)
        + ", nonce="
        + Requests.size(nonce)
        + ", associatedData="
        + Requests.size(associatedData)
        + "]";
  }
}
