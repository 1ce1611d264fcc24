package dev.plumb.runtime.internal.crypto;

import dev.plumb.api.crypto.AsyncSubtleCrypto;
import dev.plumb.api.crypto.CryptoException;
import dev.plumb.api.crypto.EncryptResult;
import dev.plumb.api.crypto.SubtleCrypto;
import dev.plumb.api.crypto.spi.CryptoComponent;
import dev.plumb.api.crypto.spi.DecryptRequest;
import dev.plumb.api.crypto.spi.EncryptRequest;
import dev.plumb.api.crypto.spi.SignRequest;
import dev.plumb.api.crypto.spi.UnwrapKeyRequest;
import dev.plumb.api.crypto.spi.VerifyRequest;
import dev.plumb.api.crypto.spi.WrapKeyRequest;
import dev.plumb.runtime.internal.LoadedComponent;
import java.security.PublicKey;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The {@link SubtleCrypto} facade: Dapr's {@code Subtle*} calls passed to the component through its
 * invoker, with the request records validating names and algorithms first. Thread-safe.
 */
final class DefaultSubtleCrypto implements SubtleCrypto {
  private final LoadedComponent<CryptoComponent> component;
  private final AsyncSubtleCrypto async = new AsyncView();

  DefaultSubtleCrypto(LoadedComponent<CryptoComponent> component) {
    this.component = component;
  }

  @Override
  public String name() {
    return component.name();
  }

  @Override
  public Set<String> supportedEncryptionAlgorithms() {
    return Set.copyOf(component.component().supportedEncryptionAlgorithms());
  }

  @Override
  public Set<String> supportedSignatureAlgorithms() {
    return Set.copyOf(component.component().supportedSignatureAlgorithms());
  }

  @Override
  public PublicKey getKey(String keyName) {
    requireKeyName(keyName);
    return checked("getKey", keyName, call("getKey", () -> component.component().getKey(keyName)));
  }

  @Override
  public EncryptResult encrypt(
      byte[] plaintext, String algorithm, String keyName, byte[] nonce, byte[] associatedData) {
    EncryptRequest r = new EncryptRequest(plaintext, algorithm, keyName, nonce, associatedData);
    return checked("encrypt", keyName, call("encrypt", () -> component.component().encrypt(r)));
  }

  @Override
  public byte[] decrypt(
      byte[] ciphertext,
      String algorithm,
      String keyName,
      byte[] nonce,
      byte[] tag,
      byte[] associatedData) {
    DecryptRequest r =
        new DecryptRequest(ciphertext, algorithm, keyName, nonce, tag, associatedData);
    return checked("decrypt", keyName, call("decrypt", () -> component.component().decrypt(r)));
  }

  @Override
  public EncryptResult wrapKey(
      byte[] plaintextKey, String algorithm, String keyName, byte[] nonce, byte[] associatedData) {
    WrapKeyRequest r = new WrapKeyRequest(plaintextKey, algorithm, keyName, nonce, associatedData);
    return checked("wrapKey", keyName, call("wrapKey", () -> component.component().wrapKey(r)));
  }

  @Override
  public byte[] unwrapKey(
      byte[] wrappedKey,
      String algorithm,
      String keyName,
      byte[] nonce,
      byte[] tag,
      byte[] associatedData) {
    UnwrapKeyRequest r =
        new UnwrapKeyRequest(wrappedKey, algorithm, keyName, nonce, tag, associatedData);
    return checked(
        "unwrapKey", keyName, call("unwrapKey", () -> component.component().unwrapKey(r)));
  }

  @Override
  public byte[] sign(byte[] digest, String algorithm, String keyName) {
    SignRequest r = new SignRequest(digest, algorithm, keyName);
    return checked("sign", keyName, call("sign", () -> component.component().sign(r)));
  }

  @Override
  public boolean verify(byte[] digest, byte[] signature, String algorithm, String keyName) {
    VerifyRequest r = new VerifyRequest(digest, signature, algorithm, keyName);
    return call("verify", () -> component.component().verify(r));
  }

  @Override
  public AsyncSubtleCrypto async() {
    return async;
  }

  private <T> T call(String operation, Callable<T> c) {
    return component.outbound().call(operation, c);
  }

  private static void requireKeyName(String keyName) {
    if (keyName == null || keyName.isEmpty()) {
      throw new dev.plumb.api.InvalidRequestException("missing property 'keyName'");
    }
  }

  /** A component answering {@code null} broke the SPI's contract: say so instead of passing it. */
  private <T> T checked(String operation, String keyName, T value) {
    if (value == null) {
      throw new CryptoException(
          "crypto component "
              + name()
              + ": "
              + operation
              + " with key "
              + keyName
              + " answered nothing");
    }
    return value;
  }

  @Override
  public String toString() {
    return "SubtleCrypto[" + name() + "]";
  }

  /** The same calls through the invoker's asynchronous path. */
  private final class AsyncView implements AsyncSubtleCrypto {
    private <T> CompletionStage<T> async(
        String operation, String keyName, Supplier<Callable<T>> prepare) {
      Callable<T> c;
      try {
        c = prepare.get();
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      return component
          .outbound()
          .callAsync(operation, c)
          .thenApply(v -> operation.equals("verify") ? v : checked(operation, keyName, v));
    }

    @Override
    public CompletionStage<PublicKey> getKey(String keyName) {
      return async(
          "getKey",
          keyName,
          () -> {
            requireKeyName(keyName);
            return () -> component.component().getKey(keyName);
          });
    }

    @Override
    public CompletionStage<EncryptResult> encrypt(
        byte[] plaintext, String algorithm, String keyName, byte[] nonce, byte[] associatedData) {
      return async(
          "encrypt",
          keyName,
          () -> {
            EncryptRequest r =
                new EncryptRequest(plaintext, algorithm, keyName, nonce, associatedData);
            return () -> component.component().encrypt(r);
          });
    }

    @Override
    public CompletionStage<byte[]> decrypt(
        byte[] ciphertext,
        String algorithm,
        String keyName,
        byte[] nonce,
        byte[] tag,
        byte[] associatedData) {
      return async(
          "decrypt",
          keyName,
          () -> {
            DecryptRequest r =
                new DecryptRequest(ciphertext, algorithm, keyName, nonce, tag, associatedData);
            return () -> component.component().decrypt(r);
          });
    }

    @Override
    public CompletionStage<EncryptResult> wrapKey(
        byte[] plaintextKey,
        String algorithm,
        String keyName,
        byte[] nonce,
        byte[] associatedData) {
      return async(
          "wrapKey",
          keyName,
          () -> {
            WrapKeyRequest r =
                new WrapKeyRequest(plaintextKey, algorithm, keyName, nonce, associatedData);
            return () -> component.component().wrapKey(r);
          });
    }

    @Override
    public CompletionStage<byte[]> unwrapKey(
        byte[] wrappedKey,
        String algorithm,
        String keyName,
        byte[] nonce,
        byte[] tag,
        byte[] associatedData) {
      return async(
          "unwrapKey",
          keyName,
          () -> {
            UnwrapKeyRequest r =
                new UnwrapKeyRequest(wrappedKey, algorithm, keyName, nonce, tag, associatedData);
            return () -> component.component().unwrapKey(r);
          });
    }

    @Override
    public CompletionStage<byte[]> sign(byte[] digest, String algorithm, String keyName) {
      return async(
          "sign",
          keyName,
          () -> {
            SignRequest r = new SignRequest(digest, algorithm, keyName);
            return () -> component.component().sign(r);
          });
    }

    @Override
    public CompletionStage<Boolean> verify(
        byte[] digest, byte[] signature, String algorithm, String keyName) {
      return async(
          "verify",
          keyName,
          () -> {
            VerifyRequest r = new VerifyRequest(digest, signature, algorithm, keyName);
            return () -> component.component().verify(r);
          });
    }

    @Override
    public String toString() {
      return "AsyncSubtleCrypto[" + name() + "]";
    }
  }
}
