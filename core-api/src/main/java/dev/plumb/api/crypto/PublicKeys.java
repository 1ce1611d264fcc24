package dev.plumb.api.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The two forms Dapr's {@code SubtleGetKey} answers a public key in: PEM ({@code format: PEM}) and
 * a JSON Web Key ({@code format: JSON}), for the keys {@link SubtleCrypto#getKey(String)} returns.
 * Stateless and thread-safe.
 */
public final class PublicKeys {
  private PublicKeys() {}

  /**
   * Encodes a public key as a PEM {@code PUBLIC KEY} block (PKIX), lines of 64 characters.
   *
   * @param key the key
   * @return the PEM text, ending with a line feed
   */
  public static String toPem(PublicKey key) {
    Objects.requireNonNull(key, "key");
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
  }

  /**
   * Encodes a public key as a JWK (RFC 7517): {@code RSA} with {@code n} and {@code e}, {@code EC}
   * with {@code crv} ({@code P-256}, {@code P-384}, {@code P-521}), {@code x} and {@code y}, or
   * {@code OKP} with {@code crv: Ed25519} and {@code x}.
   *
   * @param key the key
   * @return the JWK's compact JSON
   * @throws CryptoException for any other kind of key
   */
  public static String toJwk(PublicKey key) {
    Objects.requireNonNull(key, "key");
    if (key instanceof RSAPublicKey rsa) {
      return "{\"kty\":\"RSA\",\"n\":\""
          + b64(unsigned(rsa.getModulus()))
          + "\",\"e\":\""
          + b64(unsigned(rsa.getPublicExponent()))
          + "\"}";
    }
    if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      String crv =
          switch (bits) {
            case 256 -> "P-256";
            case 384 -> "P-384";
            case 521 -> "P-521";
            default -> throw new CryptoException("unsupported curve of " + bits + " bits");
          };
      int size = (bits + 7) / 8;
      return "{\"kty\":\"EC\",\"crv\":\""
          + crv
          + "\",\"x\":\""
          + b64(fixed(ec.getW().getAffineX(), size))
          + "\",\"y\":\""
          + b64(fixed(ec.getW().getAffineY(), size))
          + "\"}";
    }
    byte[] der = key.getEncoded();
    if (("Ed25519".equals(key.getAlgorithm()) || "EdDSA".equals(key.getAlgorithm()))
        && der != null
        && der.length == 44) {
      // SubjectPublicKeyInfo of Ed25519: 12 bytes of header, then the 32-byte key.
      return "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\""
          + b64(Arrays.copyOfRange(der, 12, 44))
          + "\"}";
    }
    throw new CryptoException("unsupported key type " + key.getAlgorithm());
  }

  private static byte[] unsigned(BigInteger v) {
    byte[] b = v.toByteArray();
    return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
  }

  private static byte[] fixed(BigInteger v, int size) {
    byte[] b = unsigned(v);
    byte[] out = new byte[size];
    System.arraycopy(b, 0, out, size - b.length, b.length);
    return out;
  }

  private static String b64(byte[] b) {
    return new String(Base64.getUrlEncoder().withoutPadding().encode(b), StandardCharsets.US_ASCII);
  }
}
