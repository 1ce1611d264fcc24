package dev.plumb.api.crypto.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * A component-level encryption: Dapr's {@code SubtleEncrypt}. Arrays are shared, not copied;
 * equality compares them by content.
 *
 * @param plaintext the message; not {@code null}
 * @param algorithm the JWA algorithm; not empty
 * @param keyName the key, {@code name} or {@code name/version}; not empty
 * @param nonce the nonce or IV, or {@code null} where the algorithm takes none
 * @param associatedData data authenticated but not encrypted (AEAD), or {@code null}
 */
public record EncryptRequest(
    byte[] plaintext, String algorithm, String keyName, byte[] nonce, byte[] associatedData) {

  /**
   * Validates the components.
   *
   * @throws dev.plumb.api.InvalidRequestException if {@code algorithm} or {@code keyName} is empty
   */
  public EncryptRequest {
    Requests.requireBytes(plaintext, "plaintext");
    Requests.requireName(algorithm, "algorithm");
    Requests.requireName(keyName, "keyName");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptRequest r
        && Arrays.equals(plaintext, r.plaintext)
        && algorithm.equals(r.algorithm)
        && keyName.equals(r.keyName)
        && Arrays.equals(nonce, r.nonce)
        && Arrays.equals(associatedData, r.associatedData);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        Arrays.hashCode(plaintext),
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
    return "EncryptRequest[algorithm="
        + algorithm
        + ", keyName="
        + keyName
        + ", plaintext="
        + Requests.size(plaintext)
        + ", nonce="
        + Requests.size(nonce)
        + ", associatedData="
        + Requests.size(associatedData)
        + "]";
  }
}
