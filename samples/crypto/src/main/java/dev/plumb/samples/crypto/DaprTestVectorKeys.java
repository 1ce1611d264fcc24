package dev.plumb.samples.crypto;

import dev.plumb.api.crypto.CryptoException;
import dev.plumb.api.crypto.EncryptResult;
import dev.plumb.api.crypto.spi.CryptoComponent;
import dev.plumb.api.crypto.spi.DecryptRequest;
import dev.plumb.api.crypto.spi.EncryptRequest;
import dev.plumb.api.crypto.spi.SignRequest;
import dev.plumb.api.crypto.spi.UnwrapKeyRequest;
import dev.plumb.api.crypto.spi.VerifyRequest;
import dev.plumb.api.crypto.spi.WrapKeyRequest;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentProvider;
import java.security.PublicKey;
import java.util.Set;

/**
 * A crypto provider written in the application, registered with {@code Plumb.Builder#provider}: it
 * reproduces the key of dapr/kit's scheme tests, whose key {@code mykey} "wraps" a file key with
 * the identity function. Only for reading those test documents: a real key never stores a file key
 * in clear.
 */
public final class DaprTestVectorKeys implements ComponentProvider<CryptoComponent> {
  /** The component type this provider serves. */
  public static final String TYPE = "crypto.sample.daprkit-test-vectors";

  /** Creates the provider. */
  public DaprTestVectorKeys() {}

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<CryptoComponent> componentClass() {
    return CryptoComponent.class;
  }

  @Override
  public CryptoComponent create(ComponentContext context) {
    context.metadata().validate();
    return new CryptoComponent() {
      @Override
      public Set<String> supportedEncryptionAlgorithms() {
        return Set.of("A256KW");
      }

      @Override
      public Set<String> supportedSignatureAlgorithms() {
        return Set.of();
      }

      @Override
      public PublicKey getKey(String keyName) {
        throw new CryptoException("key not found");
      }

      @Override
      public EncryptResult encrypt(EncryptRequest request) {
        throw new CryptoException("not supported");
      }

      @Override
      public byte[] decrypt(DecryptRequest request) {
        throw new CryptoException("not supported");
      }

      @Override
      public EncryptResult wrapKey(WrapKeyRequest request) {
        throw new CryptoException("this sample key only reads Dapr's test documents");
      }

      @Override
      public byte[] unwrapKey(UnwrapKeyRequest request) {
        if (!request.keyName().equals("mykey")) {
          throw new CryptoException("key not found");
        }
        return request.wrappedKey().clone();
      }

      @Override
      public byte[] sign(SignRequest request) {
        throw new CryptoException("not supported");
      }

      @Override
      public boolean verify(VerifyRequest request) {
        throw new CryptoException("not supported");
      }
    };
  }
}
