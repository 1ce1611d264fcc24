package dev.plumb.api.crypto;

import java.security.PublicKey;
import java.util.concurrent.CompletionStage;

/**
 * The asynchronous view of a {@link SubtleCrypto}: the same key operations, returning stages that
 * complete when the component answers, or exceptionally with the exception the blocking call would
 * throw. Stages complete on a runtime thread; do not block in their callbacks. Thread-safe.
 */
public interface AsyncSubtleCrypto {

  /**
   * Returns the public part of a key; see {@link SubtleCrypto#getKey(String)}.
   *
   * @param keyName the key
   * @return the public key
   */
  CompletionStage<PublicKey> getKey(String keyName);

  /**
   * Encrypts a message; see {@link SubtleCrypto#encrypt}.
   *
   * @param plaintext the message
   * @param algorithm the JWA algorithm
   * @param keyName the key
   * @param nonce the nonce or IV, or {@code null}
   * @param associatedData associated data (AEAD), or {@code null}
   * @return the ciphertext and, for AEAD algorithms, the tag
   */
  CompletionStage<EncryptResult> encrypt(
      byte[] plaintext, String algorithm, String keyName, byte[] nonce, byte[] associatedData);

  /**
   * Decrypts a message; see {@link SubtleCrypto#decrypt}.
   *
   * @param ciphertext the ciphertext
   * @param algorithm the JWA algorithm
   * @param keyName the key
   * @param nonce the nonce or IV used to encrypt, or {@code null}
   * @param tag the authentication tag (AEAD), or {@code null}
   * @param associatedData the associated data used to encrypt, or {@code null}
   * @return the plaintext
   */
  CompletionStage<byte[]> decrypt(
      byte[] ciphertext,
      String algorithm,
      String keyName,
      byte[] nonce,
      byte[] tag,
      byte[] associatedData);

  /**
   * Wraps a symmetric key; see {@link SubtleCrypto#wrapKey}.
   *
   * @param plaintextKey the raw key bytes
   * @param algorithm the JWA key-wrap or encryption algorithm
   * @param keyName the wrapping key
   * @param nonce the nonce, or {@code null}
   * @param associatedData associated data (AEAD), or {@code null}
   * @return the wrapped key and, for AEAD algorithms, the tag
   */
  CompletionStage<EncryptResult> wrapKey(
      byte[] plaintextKey, String algorithm, String keyName, byte[] nonce, byte[] associatedData);

  /**
   * Unwraps a symmetric key; see {@link SubtleCrypto#unwrapKey}.
   *
   * @param wrappedKey the wrapped key
   * @param algorithm the JWA algorithm
   * @param keyName the wrapping key
   * @param nonce the nonce used to wrap, or {@code null}
   * @param tag the authentication tag (AEAD), or {@code null}
   * @param associatedData the associated data used to wrap, or {@code null}
   * @return the raw key bytes
   */
  CompletionStage<byte[]> unwrapKey(
      byte[] wrappedKey,
      String algorithm,
      String keyName,
      byte[] nonce,
      byte[] tag,
      byte[] associatedData);

  /**
   * Signs a digest; see {@link SubtleCrypto#sign}.
   *
   * @param digest the digest (for {@code EdDSA}, the message)
   * @param algorithm the JWA signature algorithm
   * @param keyName the private key
   * @return the signature
   */
  CompletionStage<byte[]> sign(byte[] digest, String algorithm, String keyName);

  /**
   * Verifies a signature; see {@link SubtleCrypto#verify}.
   *
   * @param digest the digest that was signed
   * @param signature the signature
   * @param algorithm the JWA signature algorithm
   * @param keyName the key
   * @return {@code true} if valid, {@code false} if not
   */
  CompletionStage<Boolean> verify(
      byte[] digest, byte[] signature, String algorithm, String keyName);
}
