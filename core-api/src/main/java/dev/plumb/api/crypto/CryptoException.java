package dev.plumb.api.crypto;

import dev.plumb.api.PlumbException;

/**
 * A cryptographic operation failed: no such key, a symmetric key asked for its public part, an
 * unsupported algorithm, a ciphertext or tag that does not authenticate, a malformed {@code
 * dapr.io/enc/v1} document. Dapr: {@code ERR_CRYPTO} / {@code ERR_CRYPTO_KEY}, HTTP 500. A
 * signature that does not verify is not an error: {@code verify} answers {@code false}.
 *
 * <p>Messages never contain key material or plaintext.
 */
public final class CryptoException extends PlumbException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the component, key and algorithm involved
   */
  public CryptoException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message names the component, key and algorithm involved
   * @param cause the underlying failure
   */
  public CryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}
