package dev.plumb.common.jose;

import dev.plumb.api.crypto.CryptoException;
import dev.plumb.api.crypto.EncryptResult;
import dev.plumb.api.crypto.spi.CryptoComponent;
import dev.plumb.api.crypto.spi.DecryptRequest;
import dev.plumb.api.crypto.spi.EncryptRequest;
import dev.plumb.api.crypto.spi.SignRequest;
import dev.plumb.api.crypto.spi.UnwrapKeyRequest;
import dev.plumb.api.crypto.spi.VerifyRequest;
import dev.plumb.api.crypto.spi.WrapKeyRequest;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A crypto component whose keys are held locally and used in-process (contrib's {@code
 * LocalCryptoBaseComponent}): subclasses only find keys. Every operation checks, as Dapr, that the
 * key's {@code key_ops}/{@code use} allow it and that its {@code alg}, if set, is the requested
 * algorithm; then runs dapr/kit's algorithm on the JCE.
 *
 * <p>Errors are {@link CryptoException}s naming the component, the operation, the key and the
 * algorithm, never key material. Thread-safe if {@link #retrieveKey} is.
 */
public abstract class LocalKeyCryptoComponent implements CryptoComponent {
  private static final Set<String> ENCRYPTION;

  static {
    Set<String> s = new TreeSet<>(Algorithms.SYMMETRIC);
    s.addAll(Algorithms.ASYMMETRIC);
    ENCRYPTION = Set.copyOf(s);
  }

  private final String name;

  /**
   * For subclasses.
   *
   * @param name the component's name, for messages
   */
  protected LocalKeyCryptoComponent(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /**
   * Finds a key.
   *
   * @param keyName the key's name as the caller gave it
   * @return the key
   * @throws CryptoException if there is no such key or it cannot be read as a key (the message
   *     names the key, never its bytes)
   * @throws Exception if the key source fails
   */
  protected abstract LocalKey retrieveKey(String keyName) throws Exception;

  @Override
  public Set<String> supportedEncryptionAlgorithms() {
    return ENCRYPTION;
  }

  @Override
  public Set<String> supportedSignatureAlgorithms() {
    return Algorithms.SIGNATURE;
  }

  @Override
  public PublicKey getKey(String keyName) throws Exception {
    LocalKey key = retrieveKey(keyName);
    if (key.type() == LocalKey.Type.OCT) {
      // As Dapr: a symmetric key has no public part to give, so it is "not found".
      throw new CryptoException(prefix("getKey", keyName, null) + "key not found");
    }
    return key.publicKey();
  }

  @Override
  public EncryptResult encrypt(EncryptRequest r) throws Exception {
    LocalKey key = permitted("encrypt", r.keyName(), r.algorithm());
    return run(
        "encrypt",
        r.keyName(),
        r.algorithm(),
        () -> Algorithms.encrypt(r.plaintext(), r.algorithm(), key, r.nonce(), r.associatedData()));
  }

  @Override
  public byte[] decrypt(DecryptRequest r) throws Exception {
    LocalKey key = permitted("decrypt", r.keyName(), r.algorithm());
    return run(
        "decrypt",
        r.keyName(),
        r.algorithm(),
        () ->
            Algorithms.decrypt(
                r.ciphertext(), r.algorithm(), key, r.nonce(), r.tag(), r.associatedData()));
  }

  @Override
  public EncryptResult wrapKey(WrapKeyRequest r) throws Exception {
    LocalKey key = permitted("wrapKey", r.keyName(), r.algorithm());
    return run(
        "wrapKey",
        r.keyName(),
        r.algorithm(),
        () ->
            Algorithms.encrypt(
                r.plaintextKey(), r.algorithm(), key, r.nonce(), r.associatedData()));
  }

  @Override
  public byte[] unwrapKey(UnwrapKeyRequest r) throws Exception {
    LocalKey key = permitted("unwrapKey", r.keyName(), r.algorithm());
    return run(
        "unwrapKey",
        r.keyName(),
        r.algorithm(),
        () ->
            Algorithms.decrypt(
                r.wrappedKey(), r.algorithm(), key, r.nonce(), r.tag(), r.associatedData()));
  }

  @Override
  public byte[] sign(SignRequest r) throws Exception {
    LocalKey key = permitted("sign", r.keyName(), r.algorithm());
    return run(
        "sign", r.keyName(), r.algorithm(), () -> Algorithms.sign(r.digest(), r.algorithm(), key));
  }

  @Override
  public boolean verify(VerifyRequest r) throws Exception {
    LocalKey key = permitted("verify", r.keyName(), r.algorithm());
    return run(
        "verify",
        r.keyName(),
        r.algorithm(),
        () -> Algorithms.verify(r.digest(), r.signature(), r.algorithm(), key));
  }

  private LocalKey permitted(String op, String keyName, String algorithm) throws Exception {
    LocalKey key;
    try {
      key = retrieveKey(keyName);
    } catch (CryptoException e) {
      throw new CryptoException(prefix(op, keyName, algorithm) + e.getMessage(), e);
    }
    if (!key.canPerform(op)) {
      throw new CryptoException(
          prefix(op, keyName, algorithm) + "key cannot perform the '" + op + "' operation");
    }
    if (!key.canUse(algorithm)) {
      throw new CryptoException(
          prefix(op, keyName, algorithm) + "key cannot be used with algorithm '" + algorithm + "'");
    }
    return key;
  }

  private interface Op<T> {
    T run() throws GeneralSecurityException;
  }

  private <T> T run(String op, String keyName, String algorithm, Op<T> body) {
    try {
      return body.run();
    } catch (CryptoException e) {
      throw new CryptoException(prefix(op, keyName, algorithm) + e.getMessage(), e);
    } catch (GeneralSecurityException | RuntimeException e) {
      // JCE messages describe parameters, never key bytes; keep only the exception's type.
      throw new CryptoException(
          prefix(op, keyName, algorithm) + "failed: " + e.getClass().getSimpleName(), e);
    }
  }

  private String prefix(String op, String keyName, String algorithm) {
    return "crypto component "
        + name
        + ": "
        + op
        + " with key '"
        + keyName
        + "'"
        + (algorithm == null ? "" : " and algorithm " + algorithm)
        + ": ";
  }

  /**
   * Returns the component's name.
   *
   * @return the name given at creation
   */
  protected final String name() {
    return name;
  }
}
