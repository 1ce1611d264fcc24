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
   * @param plaintext the message
   * @param algorithm the JWA algorithm
   * @param keyName the key
   * @param nonce the nonce or IV, or {@code null}
   * @param associatedData associated data (AEAD), or {@code null}
   * @return the ciphertext and, for AEAD algorithms, the tag
   * @throws Exception on failure
   */
  EncryptResult encrypt(
      byte[] plaintext, String algorithm, String keyName, byte[] nonce, byte[] associatedData)
      throws Exception;

  /**
   * Decrypts a message.
   *
   * @param ciphertext the ciphertext
   * @param algorithm the JWA algorithm
   * @param keyName the key
   * @param nonce the nonce or IV, or {@code null}
   * @param tag the tag (AEAD), or {@code null}
   * @param associatedData associated data, or {@code null}
   * @return the plaintext
   * @throws dev.plumb.api.crypto.CryptoException if the data does not authenticate
   * @throws Exception on other failures
   */
  byte[] decrypt(
      byte[] ciphertext,
      String algorithm,
      String keyName,
      byte[] nonce,
      byte[] tag,
      byte[] associatedData)
      throws Exception;

  /**
   * Wraps a symmetric key.
   *
   * @param plaintextKey the raw key bytes
   * @param algorithm the JWA algorithm
   * @param keyName the wrapping key
   * @param nonce the nonce, or {@code null}
   * @param associatedData associated data, or {@code null}
   * @return the wrapped key and, for AEAD algorithms, the tag
   * @throws Exception on failure
   */
  EncryptResult wrapKey(
      byte[] plaintextKey, String algorithm, String keyName, byte[] nonce, byte[] associatedData)
      throws Exception;

  /**
   * Unwraps a symmetric key.
   *
   * @param wrappedKey the wrapped key
   * @param algorithm the JWA algorithm
   * @param keyName the wrapping key
   * @param nonce the nonce, or {@code null}
   * @param tag the tag (AEAD), or {@code null}
   * @param associatedData associated data, or {@code null}
   * @return the raw key bytes
   * @throws dev.plumb.api.crypto.CryptoException if the data does not authenticate
   * @throws Exception on other failures
   */
  byte[] unwrapKey(
      byte[] wrappedKey,
      String algorithm,
      String keyName,
      byte[] nonce,
      byte[] tag,
      byte[] associatedData)
      throws Exception;

  /**
   * Signs a digest.
   *
   * @param digest the digest (for {@code EdDSA}, the message)
   * @param algorithm the JWA signature algorithm
   * @param keyName the private key
   * @return the signature
   * @throws Exception on failure
   */
  byte[] sign(byte[] digest, String algorithm, String keyName) throws Exception;

  /**
   * Verifies a signature.
   *
   * @param digest the digest that was signed
   * @param signature the signature
   * @param algorithm the JWA signature algorithm
   * @param keyName the key
   * @return {@code true} if valid; {@code false}, not an exception, for a wrong signature
   * @throws Exception if the key or algorithm is unknown or the service fails
   */
  boolean verify(byte[] digest, byte[] signature, String algorithm, String keyName)
      throws Exception;

  /**
   * Releases connections and key material. Called once, when Plumb closes; the default does
   * nothing. Failures are the component's to log: Plumb goes on closing the others.
   */
  @Override
  default void close() {}
}
