package dev.plumb.api.crypto;

import java.util.concurrent.CompletionStage;

/**
 * The asynchronous view of a {@link Cryptography}'s in-memory calls: stages that complete with the
 * result, or exceptionally with the exception the blocking call would throw. Stages complete on a
 * runtime thread; do not block in their callbacks. Thread-safe.
 */
public interface AsyncCryptography {

  /**
   * Encrypts a document held in memory; see {@link Cryptography#encrypt(byte[], EncryptOptions)}.
   *
   * @param plaintext the document
   * @param options the wrapping key and algorithms
   * @return the encrypted document
   */
  CompletionStage<byte[]> encrypt(byte[] plaintext, EncryptOptions options);

  /**
   * Decrypts a document held in memory; see {@link Cryptography#decrypt(byte[], DecryptOptions)}.
   *
   * @param ciphertext the encrypted document
   * @param options the key to use instead of the one the document records
   * @return the plaintext
   */
  CompletionStage<byte[]> decrypt(byte[] ciphertext, DecryptOptions options);
}
