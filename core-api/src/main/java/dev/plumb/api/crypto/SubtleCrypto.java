package dev.plumb.api.crypto;

import java.security.PublicKey;
import java.util.Set;

/**
 * Low-level cryptography with the keys of a crypto component (Dapr's {@code Subtle*} API): the keys
 * never leave the component. Algorithms are JWA names ({@code A256GCM}, {@code RSA-OAEP-256},
 * {@code PS256}, {@code EdDSA}...); key names are {@code name} or {@code name/version}.
 *
 * <p>Thread-safe. Every method blocks until the component answers; {@link #async()} offers the key
 * operations returning {@link java.util.concurrent.CompletionStage}s. Errors: {@link
 * CryptoException} for a missing key, an unsupported algorithm or data that does not authenticate;
 * {@link dev.plumb.api.ComponentException} when a remote key vault fails.
 */
public interface SubtleCrypto {

  /**
   * Returns the component's name.
   *
   * @return {@code metadata.name}
   */
  String name();

  /**
   * Returns the encryption and key-wrap algorithms the component supports.
   *
   * @return JWA names; immutable
   */
  Set<String> supportedEncryptionAlgorithms();

  /**
   * Returns the signature algorithms the component supports.
   *
   * @return JWA names; immutable
   */
  Set<String> supportedSignatureAlgorithms();

  /**
   * Returns the public part of a key: the key itself for a public key, the derived public key for a
   * private one.
   *
   * @param keyName the key
   * @return the public key ({@code getEncoded()} gives X.509 SubjectPublicKeyInfo DER, the body of
   *     a PEM {@code PUBLIC KEY}); {@link PublicKeys} gives Dapr's PEM and JSON (JWK) forms
   * @throws CryptoException if there is no such key or it is symmetric
   */
  PublicKey getKey(String keyName);

  /**
   * Encrypts a message.
   *
   * @param plaintext the message
   * @param algorithm the JWA algorithm
   * @param keyName the key
   * @param nonce the nonce or IV, sized for the algorithm, or {@code null} where it takes none
   * @param associatedData data authenticated but not encrypted (AEAD), or {@code null}
   * @return the ciphertext and, for AEAD algorithms, the tag
   * @throws CryptoException if the key or algorithm is unknown or they do not fit
   */
  EncryptResult encrypt(
      byte[] plaintext, String algorithm, String keyName, byte[] nonce, byte[] associatedData);

  /**
   * Decrypts a message.
   *
   * @param ciphertext the ciphertext
   * @param algorithm the JWA algorithm
   * @param keyName the key
   * @param nonce the nonce or IV used to encrypt, or {@code null}
   * @param tag the authentication tag (AEAD), or {@code null}
   * @param associatedData the associated data used to encrypt, or {@code null}
   * @return the plaintext
   * @throws CryptoException if the key or algorithm is unknown, or the data does not authenticate
   */
  byte[] decrypt(
      byte[] ciphertext,
      String algorithm,
      String keyName,
      byte[] nonce,
      byte[] tag,
      byte[] associatedData);

  /**
   * Wraps (encrypts) a symmetric key.
   *
   * @param plaintextKey the raw key bytes
   * @param algorithm the JWA key-wrap or encryption algorithm
   * @param keyName the wrapping key
   * @param nonce the nonce, or {@code null}
   * @param associatedData associated data (AEAD), or {@code null}
   * @return the wrapped key and, for AEAD algorithms, the tag
   * @throws CryptoException if the key or algorithm is unknown
   */
  EncryptResult wrapKey(
      byte[] plaintextKey, String algorithm, String keyName, byte[] nonce, byte[] associatedData);

  /**
   * Unwraps (decrypts) a symmetric key.
   *
   * @param wrappedKey the wrapped key
   * @param algorithm the JWA algorithm
   * @param keyName the wrapping key
   * @param nonce the nonce used to wrap, or {@code null}
   * @param tag the authentication tag (AEAD), or {@code null}
   * @param associatedData the associated data used to wrap, or {@code null}
   * @return the raw key bytes
   * @throws CryptoException if the key or algorithm is unknown, or the data does not authenticate
   */
  byte[] unwrapKey(
      byte[] wrappedKey,
      String algorithm,
      String keyName,
      byte[] nonce,
      byte[] tag,
      byte[] associatedData);

  /**
   * Signs a digest.
   *
   * @param digest the message's digest with the algorithm's hash (SHA-256 for {@code PS256}); for
   *     {@code EdDSA}, the message itself
   * @param algorithm the JWA signature algorithm
   * @param keyName the private key
   * @return the signature
   * @throws CryptoException if the key or algorithm is unknown or they do not fit
   */
  byte[] sign(byte[] digest, String algorithm, String keyName);

  /**
   * Verifies a signature.
   *
   * @param digest the digest that was signed
   * @param signature the signature
   * @param algorithm the JWA signature algorithm
   * @param keyName the key
   * @return {@code true} if valid, {@code false} if not (a wrong signature is not an error)
   * @throws CryptoException if the key or algorithm is unknown or they do not fit
   */
  boolean verify(byte[] digest, byte[] signature, String algorithm, String keyName);

  /**
   * Returns the asynchronous view of this component's operations.
   *
   * @return a view sharing this component
   */
  AsyncSubtleCrypto async();
}
