package dev.plumb.runtime.internal.crypto;

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
import java.util.Map;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * A crypto component that only wraps keys, for tests of the scheme: {@code mykey} is the identity
 * wrap of dapr/kit's own scheme tests (so its test vectors decrypt), other keys wrap with the JDK's
 * AES key wrap (A256KW).
 */
public final class KeyWrapComponent implements CryptoComponent {
  static final String IDENTITY = "mykey";

  private final Map<String, byte[]> keys;

  public KeyWrapComponent(Map<String, byte[]> keys) {
    this.keys = Map.copyOf(keys);
  }

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
  public EncryptResult wrapKey(WrapKeyRequest r) throws GeneralSecurityException {
    if (IDENTITY.equals(r.keyName())) {
      return new EncryptResult(r.plaintextKey().clone(), null);
    }
    Cipher c = Cipher.getInstance("AESWrap");
    c.init(Cipher.WRAP_MODE, kek(r.keyName(), r.algorithm()));
    return new EncryptResult(c.wrap(new SecretKeySpec(r.plaintextKey(), "AES")), null);
  }

  @Override
  public byte[] unwrapKey(UnwrapKeyRequest r) throws GeneralSecurityException {
    if (IDENTITY.equals(r.keyName())) {
      return r.wrappedKey().clone();
    }
    Cipher c = Cipher.getInstance("AESWrap");
    c.init(Cipher.UNWRAP_MODE, kek(r.keyName(), r.algorithm()));
    try {
      return c.unwrap(r.wrappedKey(), "AES", Cipher.SECRET_KEY).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new CryptoException("failed to unwrap", e);
    }
  }

  private SecretKeySpec kek(String name, String algorithm) {
    byte[] k = keys.get(name);
    if (k == null) {
      throw new CryptoException("key not found: " + name);
    }
    if (!"A256KW".equals(algorithm)) {
      throw new CryptoException("unsupported algorithm " + algorithm);
    }
    return new SecretKeySpec(k, "AES");
  }

  @Override
  public byte[] sign(SignRequest request) {
    throw new CryptoException("not supported");
  }

  @Override
  public boolean verify(VerifyRequest request) {
    throw new CryptoException("not supported");
  }
}
