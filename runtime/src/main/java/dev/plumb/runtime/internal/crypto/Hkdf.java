package dev.plumb.runtime.internal.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA256 (RFC 5869) for one 32-byte output block: the JDK has no KDF API before 24, and the
 * scheme needs only this.
 */
final class Hkdf {
  private static final String HMAC = "HmacSHA256";

  private Hkdf() {}

  /**
   * Derives 32 bytes.
   *
   * @param ikm the input key material
   * @param salt the salt, or {@code null} for none
   * @param info the context
   * @return the derived key
   */
  static byte[] sha256(byte[] ikm, byte[] salt, byte[] info) {
    try {
      // RFC 5869 2.2: no salt means HashLen zero bytes. SecretKeySpec refuses an empty key, so the
      // zeros are spelt out (the same HMAC key: HMAC pads short keys with zeros anyway).
      byte[] s = salt == null || salt.length == 0 ? new byte[32] : salt;
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(s, HMAC));
      byte[] prk = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(prk, HMAC));
      mac.update(info);
      mac.update((byte) 1);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
