package dev.plumb.api.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * The output of a subtle encryption or key wrap. Arrays are shared, not copied.
 *
 * @param ciphertext the ciphertext, or the wrapped key; never {@code null}
 * @param tag the authentication tag for AEAD algorithms (GCM, ChaCha20-Poly1305, CBC-HS, AEAD key
 *     wraps) if the component returns it separately, else {@code null}
 */
public record EncryptResult(byte[] ciphertext, byte[] tag) {

  /** Validates the components. */
  public EncryptResult {
    Objects.requireNonNull(ciphertext, "ciphertext");
  }

  /**
   * Compares both arrays by content.
   *
   * @param o the other object
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptResult r
        && Arrays.equals(ciphertext, r.ciphertext)
        && Arrays.equals(tag, r.tag);
  }

  /**
   * Hashes both arrays by content.
   *
   * @return the hash
   */
  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ciphertext) + Arrays.hashCode(tag);
  }

  /**
   * Describes the sizes only.
   *
   * @return the lengths of ciphertext and tag
   */
  @Override
  public String toString() {
    return "EncryptResult[ciphertext="
        + ciphertext.length
        + " bytes, tag="
        + (tag == null ? "none" : tag.length + " bytes")
        + "]";
  }
}
