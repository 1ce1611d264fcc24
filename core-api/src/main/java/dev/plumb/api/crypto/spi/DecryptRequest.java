package dev.plumb.api.crypto.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * A component-level decryption: Dapr's {@code SubtleDecrypt}. Arrays are shared, not copied;
 * equality compares them by content.
 *
 * @param ciphertext the ciphertext; not {@code null}
 * @param algorithm the JWA algorithm; not empty
 * @param keyName the key, {@code name} or {@code name/version}; not empty
 * @param nonce the nonce or IV used to encrypt, or {@code null}
 * @param tag the authentication tag (AEAD), or {@code null}
 * @param associatedData the associated data used to encrypt, or {@code null}
 */
public record DecryptRequest(
    byte[] ciphertext,
    String algorithm,
    String keyName,
    byte[] nonce,
    byte[] tag,
    byte[] associatedData) {

  /**
   * Validates the components.
   *
   * @throws dev.plumb.api.InvalidRequestException if {@code algorithm} or {@code keyName} is empty
   */
  public DecryptRequest {
    Requests.requireBytes(ciphertext, "ciphertext");
    Requests.requireName(algorithm, "algorithm");
    Requests.requireName(keyName, "keyName");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DecryptRequest r
        && Arrays.equals(ciphertext, r.ciphertext)
        && algorithm.equals(r.algorithm)
        && keyName.equals(r.keyName)
        && Arrays.equals(nonce, r.nonce)
        && Arrays.equals(tag, r.tag)
        && Arrays.equals(associatedData, r.associatedData);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        Arrays.hashCode(ciphertext),
        algorithm,
        keyName,
        Arrays.hashCode(nonce),
        Arrays.hashCode(tag),
        Arrays.hashCode(associatedData));
  }

  /**
   * Describes the request by algorithm, key and sizes, never by content.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return "DecryptRequest[algorithm="
        + algorithm
        + ", keyName="
        + keyName
        + ", ciphertext="
        + Requests.size(ciphertext)
        + ", nonce="
        + Requests.size(nonce)
        + ", tag="
        + Requests.size(tag)
        + ", associatedData="
        + Requests.size(associatedData)
        + "]";
  }
}
