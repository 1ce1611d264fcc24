package dev.plumb.api.crypto;

import dev.plumb.api.InvalidRequestException;
import java.util.Locale;

/**
 * The AEAD ciphers {@code dapr.io/enc/v1} encrypts a document's payload with, with their names and
 * the numeric ids written in the document's manifest.
 */
public enum DataEncryptionCipher {
  /** AES-256-GCM (id 1), the default. */
  AES_GCM("aes-gcm", 1),
  /** ChaCha20-Poly1305 (id 2). */
  CHACHA20_POLY1305("chacha20-poly1305", 2);

  private final String daprName;
  private final int id;

  DataEncryptionCipher(String daprName, int id) {
    this.daprName = daprName;
    this.id = id;
  }

  /**
   * Returns Dapr's name.
   *
   * @return {@code aes-gcm} or {@code chacha20-poly1305}
   */
  public String daprName() {
    return daprName;
  }

  /**
   * Returns the id written in the manifest.
   *
   * @return 1 or 2
   */
  public int id() {
    return id;
  }

  /**
   * Parses Dapr's name without regard to case.
   *
   * @param name {@code aes-gcm}, {@code chacha20-poly1305}, or {@code null}/empty for the default
   * @return the cipher
   * @throws InvalidRequestException for any other name
   */
  public static DataEncryptionCipher fromDapr(String name) {
    if (name == null || name.isEmpty()) {
      return AES_GCM;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    for (DataEncryptionCipher c : values()) {
      if (c.daprName.equals(lower)) {
        return c;
      }
    }
    throw new InvalidRequestException("cipher " + name + " is not supported");
  }

  /**
   * Returns the cipher with a manifest id.
   *
   * @param id the id read from a document
   * @return the cipher
   * @throws CryptoException if no cipher has that id
   */
  public static DataEncryptionCipher fromId(int id) {
    for (DataEncryptionCipher c : values()) {
      if (c.id == id) {
        return c;
      }
    }
    throw new CryptoException("cipher ID " + id + " is not supported");
  }
}
