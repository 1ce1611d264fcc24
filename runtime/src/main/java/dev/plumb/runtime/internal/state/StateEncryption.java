package dev.plumb.runtime.internal.state;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.spi.ComponentMetadata;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * State encryption at rest (Dapr runtime {@code pkg/encryption}): values, never keys, are sealed
 * with AES-GCM under the primary key. The stored form is {@code base64(nonce || ciphertext || tag)
 * + "||" + keyId}.
 *
 * <p>Dapr writes the {@code secretKeyRef} name as key id; Plumb only sees the resolved key, so it
 * writes the first 8 hex digits of the key's SHA-256 instead. Decryption picks the configured key
 * whose id matches, which keeps data readable after rotation (the old primary configured as
 * secondary); for an unknown id (data written by Dapr) it tries the primary, then the secondary,
 * and GCM's tag tells which one is right. Thread-safe.
 */
final class StateEncryption {
  static final String PRIMARY = "primaryEncryptionKey";
  static final String SECONDARY = "secondaryEncryptionKey";
  private static final String SEPARATOR = "||";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Key(String id, SecretKeySpec spec) {}

  private final Key primary;
  private final Key secondary;

  private StateEncryption(Key primary, Key secondary) {
    this.primary = primary;
    this.secondary = secondary;
  }

  /**
   * Reads the encryption keys of a component.
   *
   * @param storeName the component's name, for messages
   * @param metadata the component's metadata
   * @return the encryption, or {@code null} if no key is configured
   * @throws ConfigurationException if a key is a plain value, not hex, or of a wrong length
   */
  static StateEncryption fromMetadata(String storeName, ComponentMetadata metadata) {
    boolean hasPrimary = metadata.has(PRIMARY);
    boolean hasSecondary = metadata.has(SECONDARY);
    if (!hasPrimary && !hasSecondary) {
      return null;
    }
    List<String> problems = new ArrayList<>();
    String owner = "component '" + storeName + "'";
    if (!hasPrimary) {
      problems.add(owner + ": metadata '" + SECONDARY + "' needs a '" + PRIMARY + "'");
    }
    Key primary = hasPrimary ? key(owner, PRIMARY, metadata, problems) : null;
    Key secondary = hasSecondary ? key(owner, SECONDARY, metadata, problems) : null;
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return new StateEncryption(primary, secondary);
  }

  private static Key key(
      String owner, String field, ComponentMetadata metadata, List<String> problems) {
    if (!metadata.isSecret(field)) {
      problems.add(
          owner
              + ": metadata '"
              + field
              + "' must be a secretKeyRef; plain values are not allowed for encryption keys");
      return null;
    }
    byte[] bytes;
    try {
      bytes = HexFormat.of().parseHex(metadata.getString(field).orElse(""));
    } catch (IllegalArgumentException e) {
      bytes = new byte[0];
    }
    if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
      problems.add(
          owner
              + ": metadata '"
              + field
              + "' must be a hex-encoded AES key of 128, 192 or 256 bits");
      return null;
    }
    return new Key(fingerprint(bytes), new SecretKeySpec(bytes, "AES"));
  }

  static String fingerprint(byte[] key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * Seals a value under the primary key.
   *
   * @param plain the serialized value
   * @return the stored form
   */
  byte[] encrypt(byte[] plain) throws GeneralSecurityException {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, primary.spec(), new GCMParameterSpec(TAG_BITS, nonce));
    byte[] sealed = cipher.doFinal(plain);
    byte[] out = new byte[nonce.length + sealed.length];
    System.arraycopy(nonce, 0, out, 0, nonce.length);
    System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
    String stored = Base64.getEncoder().encodeToString(out) + SEPARATOR + primary.id();
    return stored.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Opens a stored value; an empty stored value opens to empty.
   *
   * @param stored the stored form
   * @return the serialized value
   * @throws GeneralSecurityException if no configured key opens it
   * @throws IllegalArgumentException if it is not in the stored form
   */
  byte[] decrypt(byte[] stored) throws GeneralSecurityException {
    if (stored.length == 0) {
      return stored;
    }
    String s = new String(stored, StandardCharsets.UTF_8);
    int sep = s.lastIndexOf(SEPARATOR);
    if (sep < 0) {
      throw new IllegalArgumentException("the value is not encrypted (no key id)");
    }
    byte[] data = Base64.getDecoder().decode(s.substring(0, sep));
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new IllegalArgumentException("the encrypted value is too short");
    }
    String id = s.substring(sep + SEPARATOR.length());
    List<Key> candidates = new ArrayList<>(2);
    for (Key k : new Key[] {primary, secondary}) {
      if (k != null && k.id().equals(id)) {
        candidates.add(k);
      }
    }
    if (candidates.isEmpty()) {
      candidates.add(primary);
      if (secondary != null) {
        candidates.add(secondary);
      }
    }
    AEADBadTagException last = null;
    for (Key k : candidates) {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE, k.spec(), new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
      try {
        return cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
      } catch (AEADBadTagException e) {
        last = e;
      }
    }
    throw last;
  }
}
