package dev.plumb.api.crypto;

import java.io.InputStream;

/**
 * A crypto component, as the application sees it: encrypts and decrypts documents of any size in
 * Dapr's {@code dapr.io/enc/v1} format (a random file key per document, wrapped with a key of the
 * component; the payload sealed in 64 KiB AEAD segments), interoperable with Dapr sidecars and
 * SDKs. {@link #subtle()} gives the low-level operations.
 *
 * <p>Thread-safe. The in-memory calls block until done; {@link #async()} offers them returning
 * {@link java.util.concurrent.CompletionStage}s. The stream calls read lazily and have no
 * asynchronous form. Errors: {@link CryptoException} for a missing key, an unsupported algorithm or
 * a document that does not authenticate; {@link dev.plumb.api.InvalidRequestException} for missing
 * options.
 */
public interface Cryptography {

  /**
   * Returns the component's name.
   *
   * @return {@code metadata.name}
   */
  String name();

  /**
   * Encrypts a stream. The file key is wrapped before this returns; the payload is encrypted as the
   * returned stream is read, so memory stays bounded. Closing the returned stream closes {@code
   * plaintext}. A failure while reading is thrown from {@code read} as an {@link
   * java.io.IOException} (a {@link CryptoException} as its cause for cryptographic failures).
   *
   * @param plaintext the document
   * @param options the wrapping key and algorithms
   * @return the encrypted document, read lazily
   * @throws CryptoException if the file key cannot be wrapped
   */
  InputStream encrypt(InputStream plaintext, EncryptOptions options);

  /**
   * Decrypts a stream. The header is read and the file key unwrapped before this returns; the
   * payload is decrypted and authenticated segment by segment as the returned stream is read, and a
   * segment that does not authenticate fails the read with an {@link java.io.IOException} whose
   * cause is a {@link CryptoException}. Closing the returned stream closes {@code ciphertext}.
   *
   * @param ciphertext the encrypted document
   * @param options the key to use instead of the one the document records
   * @return the plaintext, read lazily
   * @throws CryptoException if the header is malformed or the file key cannot be unwrapped
   */
  InputStream decrypt(InputStream ciphertext, DecryptOptions options);

  /**
   * Encrypts a document held in memory.
   *
   * @param plaintext the document
   * @param options the wrapping key and algorithms
   * @return the encrypted document
   * @throws CryptoException if encryption fails
   */
  byte[] encrypt(byte[] plaintext, EncryptOptions options);

  /**
   * Decrypts a document held in memory.
   *
   * @param ciphertext the encrypted document
   * @param options the key to use instead of the one the document records
   * @return the plaintext
   * @throws CryptoException if the document is malformed or does not authenticate
   */
  byte[] decrypt(byte[] ciphertext, DecryptOptions options);

  /**
   * Returns the low-level operations on this component's keys.
   *
   * @return the subtle API of the same component
   */
  SubtleCrypto subtle();

  /**
   * Returns the asynchronous view of the in-memory calls.
   *
   * @return a view sharing this component
   */
  AsyncCryptography async();
}
