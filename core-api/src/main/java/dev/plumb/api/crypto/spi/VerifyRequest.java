package dev.plumb.api.crypto.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * A component-level signature check: Dapr's {@code SubtleVerify}. Arrays are shared, not copied;
 * equality compares them by content.
 *
 * @param digest the digest that was signed; not {@code null}
 * @param signature the signature; not {@code null}
 * @param algorithm the JWA signature algorithm; not empty
 * @param keyName the key, {@code name} or {@code name/version}; not empty
 */
public record VerifyRequest(byte[] digest, byte[] signature, String algorithm, String keyName) {

  /**
   * Validates the components.
   *
   * @throws dev.plumb.api.InvalidRequestException if {@code algorithm} or {@code keyName} is empty
   */
  public VerifyRequest {
    Requests.requireBytes(digest, "digest");
    Requests.requireBytes(signature, "signature");
    Requests.requireName(algorithm, "algorithm");
    Requests.requireName(keyName, "keyName");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifyRequest r
        && Arrays.equals(digest, r.digest)
        && Arrays.equals(signature, r.signature)
        && algorithm.equals(r.algorithm)
        && keyName.equals(r.keyName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(digest), Arrays.hashCode(signature), algorithm, keyName);
  }

  /**
   * Describes the request by algorithm, key and sizes, never by content.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return "VerifyRequest[algorithm="
        + algorithm
        + ", keyName="
        + keyName
        + ", digest="
        + Requests.size(digest)
        + ", signature="
        + Requests.size(signature)
        + "]";
  }
}
