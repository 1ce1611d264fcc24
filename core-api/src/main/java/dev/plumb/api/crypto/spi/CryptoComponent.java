package dev.plumb.api.crypto.spi;

import dev.plumb.api.crypto.EncryptResult;
import java.security.PublicKey;
import java.util.Set;

/**
 * The provider SPI of a crypto component: Dapr's component contract ({@code SubtleCrypto}). Keys
 * stay inside the component; the runtime builds the {@code dapr.io/enc/v1} scheme on {@link
 * #wrapKey} and {@link #unwrapKey}. The crypto conformance kit in {@code plumb-testkit} defines
 * what a correct implementation does.
 *
 * <p>Errors: throw {@link dev.plumb.api.crypto.CryptoException} for a missing key, a symmetric key
 * asked for its public part, an unsupported algorithm or data that does not authenticate (the
 * runtime passes it through); anything else is a failure of the backing service (wrapped in a
 * {@link dev.plumb.api.ComponentException}). Messages never contain key material. Implementations
 * must be thread-safe.
 */
public interface CryptoComponent extends AutoCloseable {

  /**
   * Returns the encryption and key-wrap algorithms supported.
   *
   * @return JWA names; immutable
   */
  Set<String> supportedEncryptionAlgorithms();

  /**
   * Returns the signature algorithms supported.
   *
   * @return JWA names; immutable
   */
  Set<String> supportedSignatureAlgorithms();

  /**
   * Returns the public part of a key.
   *
   * @param keyName {@code name} or {@code name/version}
   * @return the public key, derived from a private key if need be
   * @throws dev.plumb.api.crypto.CryptoException if there is no such key or it is symmetric
   * @throws Exception if the backing service fails
   */
  PublicKey getKey(String keyName) throws Exception;

  /**
   * Encrypts a message.
   *
   * @param request the message, algorithm, key, nonce and associated data
   * @return the ciphertext and, for AEAD algorithms, the tag
   * @throws Exception on failure
   */
  EncryptResult encrypt(EncryptRequest request) throws Exception;

  /**
   * Decrypts a message.
   *
   * @param request the ciphertext, algorithm, key, nonce, tag and associated data
   * @return the plaintext
   * @throws dev.plumb.api.crypto.CryptoException if the data does not authenticate
   * @throws Exception on other failures
   */
  byte[] decrypt(DecryptRequest request) throws Exception;

  /**
   * Wraps a symmetric key.
   *
   * @param request the raw key, algorithm, wrapping key, nonce and associated data
   * @return the wrapped key and, for AEAD algorithms, the tag
   * @throws Exception on failure
   */
  EncryptResult wrapKey(WrapKeyRequest request) throws Exception;

  /**
   * Unwraps a symmetric key.
   *
   * @param request the wrapped key, algorithm, wrapping key, nonce, tag and associated data
   * @return the raw key bytes
   * @throws dev.plumb.api.crypto.CryptoException if the data does not authenticate
   * @throws Exception on other failures
   */
  byte[] unwrapKey(UnwrapKeyRequest request) throws Exception;

  /**
   * Signs a digest.
   *
   * @param request the digest (for {@code EdDSA}, the message), algorithm and private key
   * @return the signature
   * @throws Exception on failure
   */
  byte[] sign(SignRequest request) throws Exception;

  /**
   * Verifies a signature.
   *
   * @param request the digest, signature, algorithm and key
   * @return {@code true} if valid; {@code false}, not an exception, for a wrong signature
   * @throws Exception if the key or algorithm is unknown or the service fails
   */
  boolean verify(VerifyRequest request) throws Exception;

  /**
   * Releases connections and key material. Called once, when Plumb closes; the default does
   * nothing. Failures are the component's to log: Plumb goes on closing the others.
   */
  @Override
  default void close() {}
}
