package dev.plumb.runtime.internal.crypto;

import dev.plumb.api.crypto.AsyncCryptography;
import dev.plumb.api.crypto.CryptoException;
import dev.plumb.api.crypto.Cryptography;
import dev.plumb.api.crypto.DecryptOptions;
import dev.plumb.api.crypto.EncryptOptions;
import dev.plumb.api.crypto.KeyWrapAlgorithm;
import dev.plumb.api.crypto.SubtleCrypto;
import dev.plumb.api.crypto.spi.CryptoComponent;
import dev.plumb.api.crypto.spi.UnwrapKeyRequest;
import dev.plumb.api.crypto.spi.WrapKeyRequest;
import dev.plumb.runtime.internal.LoadedComponent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@link Cryptography} facade over one crypto component: Dapr's {@code dapr.io/enc/v1} scheme
 * (as dapr/kit's {@code schemes/enc/v1}) on top of the component's key wrap, called through the
 * component's invoker. The scheme lives in the runtime, not in the providers, because it needs
 * nothing from a provider but {@code wrapKey}/{@code unwrapKey}: every provider gets the same
 * byte-compatible documents, as every Dapr component does from daprd. Thread-safe.
 */
public final class DefaultCryptography implements Cryptography {
  private static final String DECRYPTION_KEY_MISSING =
      "document's manifest does not contain a key name, and no key name was provided";

  private final LoadedComponent<CryptoComponent> component;
  private final SecureRandom random;
  private final DefaultSubtleCrypto subtle;
  private final AsyncCryptography async = new AsyncView();

  /**
   * Creates the facade.
   *
   * @param component the crypto component
   */
  public DefaultCryptography(LoadedComponent<CryptoComponent> component) {
    this(component, new SecureRandom());
  }

  /**
   * Creates the facade with a given random source (tests fix it to compare documents).
   *
   * @param component the crypto component
   * @param random the CSPRNG of file keys and nonce prefixes
   */
  public DefaultCryptography(LoadedComponent<CryptoComponent> component, SecureRandom random) {
    this.component = Objects.requireNonNull(component, "component");
    this.random = Objects.requireNonNull(random, "random");
    this.subtle = new DefaultSubtleCrypto(component);
  }

  @Override
  public String name() {
    return component.name();
  }

  @Override
  public InputStream encrypt(InputStream plaintext, EncryptOptions options) {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(options, "options");
    FileKey fk = FileKey.random(options.dataEncryptionCipher(), random);
    byte[] wrapped = wrap(fk, options);
    return new SegmentStream(plaintext, fk, true, header(fk, wrapped, options), name());
  }

  @Override
  public InputStream decrypt(InputStream ciphertext, DecryptOptions options) {
    Objects.requireNonNull(ciphertext, "ciphertext");
    DecryptOptions o = options == null ? DecryptOptions.DEFAULT : options;
    EncV1.Header header;
    try {
      header = EncV1.readHeader(ciphertext, name());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String keyName = keyNameFor(header, o);
    byte[] fileKey = unwrapQuietly(header, keyName);
    return new SegmentStream(ciphertext, verified(header, fileKey), false, new byte[0], name());
  }

  @Override
  public byte[] encrypt(byte[] plaintext, EncryptOptions options) {
    Objects.requireNonNull(plaintext, "plaintext");
    return readAll(encrypt(new ByteArrayInputStream(plaintext), options));
  }

  @Override
  public byte[] decrypt(byte[] ciphertext, DecryptOptions options) {
    Objects.requireNonNull(ciphertext, "ciphertext");
    return readAll(decrypt(new ByteArrayInputStream(ciphertext), options));
  }

  @Override
  public SubtleCrypto subtle() {
    return subtle;
  }

  @Override
  public AsyncCryptography async() {
    return async;
  }

  private byte[] wrap(FileKey fk, EncryptOptions options) {
    WrapKeyRequest r =
        new WrapKeyRequest(
            fk.raw(), options.keyWrapAlgorithm().daprName(), options.keyName(), null, null);
    byte[] wrapped =
        component.outbound().call("wrapKey", () -> component.component().wrapKey(r)).ciphertext();
    if (wrapped.length == 0) {
      throw new CryptoException(
          "crypto component " + name() + ": encrypt: the wrapped file key is empty");
    }
    return wrapped;
  }

  private byte[] header(FileKey fk, byte[] wrapped, EncryptOptions options) {
    // As Dapr: omitDecryptionKeyName wins, then decryptionKeyName, then the wrapping key's name.
    String recorded =
        options.omitDecryptionKeyName()
            ? null
            : options.decryptionKeyName() != null ? options.decryptionKeyName() : options.keyName();
    byte[] manifest =
        EncV1.manifestJson(
            recorded, options.keyWrapAlgorithm(), wrapped, fk.cipher(), fk.noncePrefix());
    return fk.signHeader(manifest, name());
  }

  private String keyNameFor(EncV1.Header header, DecryptOptions o) {
    String keyName = o.keyName() != null ? o.keyName() : header.manifest().keyName();
    if (keyName == null) {
      throw new CryptoException("crypto component " + name() + ": " + DECRYPTION_KEY_MISSING);
    }
    return keyName;
  }

  /**
   * Unwraps the file key. As Dapr, a key error does not surface here: decryption goes on with a
   * zero key so that the header's MAC fails, and a missing key takes about as long as a wrong one.
   * A failure of the backing service (a {@link dev.plumb.api.ComponentException}) does surface: it
   * says nothing about the key, and reporting it as tampering would mislead.
   */
  private byte[] unwrapQuietly(EncV1.Header header, String keyName) {
    EncV1.Manifest m = header.manifest();
    KeyWrapAlgorithm kw = m.keyWrap();
    UnwrapKeyRequest r =
        new UnwrapKeyRequest(m.wrappedFileKey(), kw.daprName(), keyName, null, null, null);
    byte[] key;
    try {
      key = component.outbound().call("unwrapKey", () -> component.component().unwrapKey(r));
    } catch (CryptoException e) {
      key = null;
    }
    return key == null || key.length != EncV1.FILE_KEY_SIZE ? new byte[EncV1.FILE_KEY_SIZE] : key;
  }

  private FileKey verified(EncV1.Header header, byte[] fileKey) {
    EncV1.Manifest m = header.manifest();
    FileKey fk = FileKey.of(fileKey, m.noncePrefix(), m.cipher());
    if (!fk.verifyHeader(header.manifestBytes(), header.macLine())) {
      throw new CryptoException(
          "crypto component "
              + name()
              + ": decrypt: failed to validate the document's signature (wrong key, or the header"
              + " was altered)");
    }
    return fk;
  }

  private byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      if (e.getCause() instanceof CryptoException c) {
        throw new CryptoException(c.getMessage(), e);
      }
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "Cryptography[" + name() + ", " + component.type() + "]";
  }

  /**
   * The asynchronous view: the key wrap through the invoker's asynchronous call, the segments
   * sealed or opened on the thread that completes it (CPU work on bytes already in memory).
   */
  private final class AsyncView implements AsyncCryptography {
    @Override
    public CompletionStage<byte[]> encrypt(byte[] plaintext, EncryptOptions options) {
      FileKey fk;
      WrapKeyRequest r;
      try {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(options, "options");
        fk = FileKey.random(options.dataEncryptionCipher(), random);
        r =
            new WrapKeyRequest(
                fk.raw(), options.keyWrapAlgorithm().daprName(), options.keyName(), null, null);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      return component
          .outbound()
          .callAsync("wrapKey", () -> component.component().wrapKey(r))
          .thenApply(
              w -> {
                if (w.ciphertext().length == 0) {
                  throw new CryptoException(
                      "crypto component " + name() + ": encrypt: the wrapped file key is empty");
                }
                byte[] header = header(fk, w.ciphertext(), options);
                return readAll(
                    new SegmentStream(
                        new ByteArrayInputStream(plaintext), fk, true, header, name()));
              });
    }

    @Override
    public CompletionStage<byte[]> decrypt(byte[] ciphertext, DecryptOptions options) {
      ByteArrayInputStream in;
      EncV1.Header header;
      UnwrapKeyRequest r;
      try {
        Objects.requireNonNull(ciphertext, "ciphertext");
        DecryptOptions o = options == null ? DecryptOptions.DEFAULT : options;
        in = new ByteArrayInputStream(ciphertext);
        header = EncV1.readHeader(in, name());
        EncV1.Manifest m = header.manifest();
        r =
            new UnwrapKeyRequest(
                m.wrappedFileKey(),
                m.keyWrap().daprName(),
                keyNameFor(header, o),
                null,
                null,
                null);
      } catch (IOException e) {
        return CompletableFuture.failedFuture(
            new CryptoException("crypto component " + name() + ": decrypt: invalid header", e));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      return component
          .outbound()
          .callAsync("unwrapKey", () -> component.component().unwrapKey(r))
          .handle(
              (key, e) -> {
                Throwable cause = e == null ? null : unwrapped(e);
                if (cause != null && !(cause instanceof CryptoException)) {
                  throw cause instanceof RuntimeException re
                      ? re
                      : new java.util.concurrent.CompletionException(cause);
                }
                byte[] k =
                    key == null || key.length != EncV1.FILE_KEY_SIZE
                        ? new byte[EncV1.FILE_KEY_SIZE]
                        : key;
                return readAll(
                    new SegmentStream(in, verified(header, k), false, new byte[0], name()));
              });
    }

    private Throwable unwrapped(Throwable e) {
      Throwable t = e;
      while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
        t = t.getCause();
      }
      return t;
    }

    @Override
    public String toString() {
      return "AsyncCryptography[" + name() + "]";
    }
  }
}
