package dev.plumb.api.crypto.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * A component-level key unwrap: Dapr's {@code SubtleUnwrapKey}. Arrays are shared, not copied;
 * equality compares them by content.
 *
 * @param wrappedKey the wrapped key; not {@code null}
 * @param algorithm the JWA algorithm; not empty
 * @param keyName the wrapping key, {@code name} or {@code name/version}; not empty
 * @param nonce the nonce or IV used to wrap, or {@code null}
 * @param tag the authentication tag (AEAD), or {@code null}
 * @param associatedData the associated data used to wrap, or {@code null}
 */
public record UnwrapKeyRequest(
    byte[] wrappedKey,
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
  public UnwrapKeyRequest {
    Requests.requireBytes(wrappedKey, "wrappedKey");
    Requests.requireName(algorithm, "algorithm");
    Requests.requireName(keyName, "keyName");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UnwrapKeyRequest r
        && Arrays.equals(wrappedKey, r.wrappedKey)
        && algorithm.equals(r.algorithm)
        && keyName.equals(r.keyName)
        && Arrays.equals(nonce, r.nonce)
        && Arrays.equals(tag, r.tag)
        && Arrays.equals(associatedData, r.associatedData);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        Arrays.hashCode(wrappedKey),
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
    return "UnwrapKeyRequest[algorithm="
        + algorithm
        + ", keyName="
        + keyName
        + ", wrappedKey="
        + Requests.size(wrappedKey)
        + ", nonce="
        + Requests.size(nonce)
        + ", tag="
        + Requests.size(tag)
        + ", associatedData="
        + Requests.size(associatedData)
        + "]";
  }
}
