package dev.plumb.runtime.internal.crypto;

import dev.plumb.api.crypto.CryptoException;
import dev.plumb.api.crypto.DataEncryptionCipher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A document's file key with the keys derived from it (dapr/kit {@code filekey.go}): the header's
 * HMAC key {@code HKDF(FK, no salt, "header")} and the payload key {@code HKDF(FK, noncePrefix,
 * "payload")}; and the per-segment AEAD. Immutable; each stream gets its own {@link Cipher}.
 */
final class FileKey {
  private static final byte[] HEADER_INFO = "header".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PAYLOAD_INFO = "payload".getBytes(StandardCharsets.US_ASCII);

  private final byte[] fileKey;
  private final byte[] noncePrefix;
  private final DataEncryptionCipher cipher;
  private final byte[] headerKey;
  private final SecretKeySpec payloadKey;

  private FileKey(byte[] fileKey, byte[] noncePrefix, DataEncryptionCipher cipher) {
    this.fileKey = fileKey.clone();
    this.noncePrefix = noncePrefix.clone();
    this.cipher = cipher;
    this.headerKey = Hkdf.sha256(fileKey, null, HEADER_INFO);
    this.payloadKey =
        new SecretKeySpec(
            Hkdf.sha256(fileKey, noncePrefix, PAYLOAD_INFO),
            cipher == DataEncryptionCipher.AES_GCM ? "AES" : "ChaCha20");
  }

  /**
   * Draws a new file key and nonce prefix (39 bytes from the CSPRNG, as Dapr).
   *
   * @param cipher the payload cipher
   * @param random the CSPRNG
   * @return the key
   */
  static FileKey random(DataEncryptionCipher cipher, SecureRandom random) {
    byte[] rnd = new byte[EncV1.FILE_KEY_SIZE + EncV1.NONCE_PREFIX_SIZE];
    random.nextBytes(rnd);
    return new FileKey(
        Arrays.copyOfRange(rnd, 0, EncV1.FILE_KEY_SIZE),
        Arrays.copyOfRange(rnd, EncV1.FILE_KEY_SIZE, rnd.length),
        cipher);
  }

  /**
   * Imports an unwrapped file key.
   *
   * @param fileKey 32 bytes
   * @param noncePrefix 7 bytes
   * @param cipher the payload cipher
   * @return the key
   */
  static FileKey of(byte[] fileKey, byte[] noncePrefix, DataEncryptionCipher cipher) {
    return new FileKey(fileKey, noncePrefix, cipher);
  }

  /** Returns a copy of the raw file key, to wrap. */
  byte[] raw() {
    return fileKey.clone();
  }

  /** Returns a copy of the nonce prefix. */
  byte[] noncePrefix() {
    return noncePrefix.clone();
  }

  /** Returns the payload cipher. */
  DataEncryptionCipher cipher() {
    return cipher;
  }

  /**
   * Builds the whole header: scheme line, manifest line, MAC line.
   *
   * @param manifest the manifest JSON
   * @return the header bytes
   * @throws CryptoException if the header would exceed 64 KiB
   */
  byte[] signHeader(byte[] manifest, String component) {
    byte[] msg = headerMessage(manifest);
    byte[] mac = java.util.Base64.getEncoder().encode(hmac(msg));
    byte[] out = Arrays.copyOf(msg, msg.length + mac.length + 1);
    System.arraycopy(mac, 0, out, msg.length, mac.length);
    out[out.length - 1] = '\n';
    if (out.length > EncV1.MAX_HEADER_SIZE) {
      throw new CryptoException(
          "crypto component " + component + ": encrypt: header is too long (key name too long)");
    }
    return out;
  }

  /**
   * Tells whether a received MAC line authenticates the received manifest.
   *
   * @param manifest the manifest exactly as received
   * @param macLine the MAC line as received
   * @return whether it verifies
   */
  boolean verifyHeader(byte[] manifest, byte[] macLine) {
    return EncV1.macMatches(macLine, hmac(headerMessage(manifest)));
  }

  private static byte[] headerMessage(byte[] manifest) {
    byte[] scheme = EncV1.SCHEME.getBytes(StandardCharsets.US_ASCII);
    byte[] msg = new byte[scheme.length + 1 + manifest.length + 1];
    System.arraycopy(scheme, 0, msg, 0, scheme.length);
    msg[scheme.length] = '\n';
    System.arraycopy(manifest, 0, msg, scheme.length + 1, manifest.length);
    msg[msg.length - 1] = '\n';
    return msg;
  }

  private byte[] hmac(byte[] msg) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(headerKey, "HmacSHA256"));
      return mac.doFinal(msg);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  /**
   * Returns a new AEAD cipher object for this key's payload.
   *
   * @return an uninitialised cipher
   */
  Cipher newCipher() {
    try {
      return Cipher.getInstance(
          cipher == DataEncryptionCipher.AES_GCM ? "AES/GCM/NoPadding" : "ChaCha20-Poly1305");
    } catch (GeneralSecurityException e) {
      throw new CryptoException("cipher " + cipher.daprName() + " is not available in this JVM", e);
    }
  }

  /**
   * Initialises a cipher for one segment: nonce = prefix(7) || uint32 BE index || last flag.
   *
   * @param c the cipher
   * @param mode {@link Cipher#ENCRYPT_MODE} or {@link Cipher#DECRYPT_MODE}
   * @param nonce a 12-byte scratch array, filled here
   * @param segment the segment's index
   * @param last whether it is the last segment
   * @throws GeneralSecurityException if the JCE refuses
   */
  void init(Cipher c, int mode, byte[] nonce, long segment, boolean last)
      throws GeneralSecurityException {
    System.arraycopy(noncePrefix, 0, nonce, 0, EncV1.NONCE_PREFIX_SIZE);
    nonce[7] = (byte) (segment >>> 24);
    nonce[8] = (byte) (segment >>> 16);
    nonce[9] = (byte) (segment >>> 8);
    nonce[10] = (byte) segment;
    nonce[11] = (byte) (last ? 1 : 0);
    AlgorithmParameterSpec spec =
        cipher == DataEncryptionCipher.AES_GCM
            ? new GCMParameterSpec(EncV1.TAG_SIZE * 8, nonce)
            : new IvParameterSpec(nonce);
    c.init(mode, payloadKey, spec);
  }

  @Override
  public String toString() {
    return "FileKey[" + cipher.daprName() + "]";
  }
}
