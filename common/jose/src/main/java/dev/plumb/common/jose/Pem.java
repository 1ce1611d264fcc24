package dev.plumb.common.jose;

import dev.plumb.api.crypto.CryptoException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * PEM keys on the plain JDK, as dapr/kit reads them ({@code jwk.ParseKey(raw, jwk.WithPEM(true))}):
 * the first block, PKIX {@code PUBLIC KEY}, PKCS#8 {@code PRIVATE KEY}, PKCS#1 {@code RSA PUBLIC
 * KEY} and {@code RSA PRIVATE KEY}; RSA, EC (NIST curves) and Ed25519. A private key's public part
 * is derived, because {@code getKey} returns it.
 */
final class Pem {
  private static final byte[] ED25519_SPKI = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final byte[] ED25519_PKCS8 =
      HexFormat.of().parseHex("302e020100300506032b657004220420");
  private static final byte[] RSA_ALGORITHM_ID =
      HexFormat.of().parseHex("300d06092a864886f70d0101010500");

  private Pem() {}

  static LocalKey parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.US_ASCII);
    int begin = text.indexOf("-----BEGIN ");
    int typeEnd = begin < 0 ? -1 : text.indexOf("-----", begin + 11);
    if (typeEnd < 0) {
      throw new CryptoException("failed to parse PEM: no PEM block found");
    }
    String type = text.substring(begin + 11, typeEnd);
    int end = text.indexOf("-----END " + type + "-----", typeEnd);
    if (end < 0) {
      throw new CryptoException("failed to parse PEM: block " + type + " is not terminated");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(typeEnd + 5, end));
    } catch (IllegalArgumentException e) {
      throw new CryptoException("failed to parse PEM: invalid base64 in block " + type);
    }
    try {
      return switch (type) {
        case "PUBLIC KEY" -> LocalKey.of(publicKey(der), null);
        case "RSA PUBLIC KEY" -> LocalKey.of(publicKey(spki(der)), null);
        case "PRIVATE KEY" -> privateKey(der);
        case "RSA PRIVATE KEY" -> privateKey(pkcs8FromPkcs1(der));
        default -> throw new CryptoException("failed to parse PEM: unsupported block type " + type);
      };
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new CryptoException("failed to parse PEM block " + type + ": " + e.getMessage(), e);
    }
  }

  private static PublicKey publicKey(byte[] spki) throws GeneralSecurityException {
    for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(spki));
      } catch (GeneralSecurityException e) {
        // Try the next algorithm: the DER names one, and the right factory accepts it.
      }
    }
    throw new GeneralSecurityException("not an RSA, EC or Ed25519 public key");
  }

  private static LocalKey privateKey(byte[] pkcs8) throws GeneralSecurityException {
    for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
      PrivateKey k;
      try {
        k = KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      } catch (GeneralSecurityException e) {
        continue;
      }
      return LocalKey.of(publicOf(k, pkcs8), k);
    }
    throw new GeneralSecurityException("not an RSA, EC or Ed25519 private key");
  }

  private static PublicKey publicOf(PrivateKey k, byte[] pkcs8) throws GeneralSecurityException {
    if (k instanceof RSAPrivateCrtKey r) {
      return KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(r.getModulus(), r.getPublicExponent()));
    }
    if (k instanceof ECPrivateKey e) {
      // SEC1 ECPrivateKey inside the PKCS#8 OCTET STRING: its optional [1] publicKey.
      Der outer = new Der(pkcs8).sequence();
      outer.next(); // version
      outer.next(); // algorithm
      Der sec1 = new Der(outer.next().content).sequence();
      while (sec1.hasNext()) {
        Der.Tlv t = sec1.next();
        if (t.tag == 0xa1) {
          byte[] bits = new Der(t.content).next().content; // BIT STRING: unused-bits byte, point
          byte[] point = Arrays.copyOfRange(bits, 1, bits.length);
          int n = (point.length - 1) / 2;
          if (point[0] != 4) {
            break;
          }
          ECPoint w =
              new ECPoint(
                  new BigInteger(1, Arrays.copyOfRange(point, 1, 1 + n)),
                  new BigInteger(1, Arrays.copyOfRange(point, 1 + n, point.length)));
          return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, e.getParams()));
        }
      }
      throw new GeneralSecurityException("EC private key without its public key");
    }
    // Ed25519: the JDK derives a public key only when it generates the pair, so it generates the
    // pair from the private key's seed.
    byte[] seed = Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
    return ed25519PairFromSeed(seed).getPublic();
  }

  static java.security.KeyPair ed25519PairFromSeed(byte[] seed) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
    g.initialize(NamedParameterSpec.ED25519, new FixedRandom(seed));
    return g.generateKeyPair();
  }

  static PublicKey ed25519Public(byte[] x) throws CryptoException {
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePublic(new X509EncodedKeySpec(concat(ED25519_SPKI, x)));
    } catch (GeneralSecurityException e) {
      throw new CryptoException("invalid Ed25519 key", e);
    }
  }

  static PrivateKey ed25519Private(byte[] d) throws CryptoException {
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePrivate(new PKCS8EncodedKeySpec(concat(ED25519_PKCS8, d)));
    } catch (GeneralSecurityException e) {
      throw new CryptoException("invalid Ed25519 key", e);
    }
  }

  /** PKCS#1 RSAPublicKey to PKIX SubjectPublicKeyInfo. */
  private static byte[] spki(byte[] pkcs1) {
    byte[] bitString = Der.tlv(0x03, concat(new byte[] {0}, pkcs1));
    return Der.tlv(0x30, concat(RSA_ALGORITHM_ID, bitString));
  }

  /** PKCS#1 RSAPrivateKey to PKCS#8 PrivateKeyInfo. */
  private static byte[] pkcs8FromPkcs1(byte[] pkcs1) {
    byte[] version = {0x02, 0x01, 0x00};
    return Der.tlv(0x30, concat(version, RSA_ALGORITHM_ID, Der.tlv(0x04, pkcs1)));
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** Hands out a fixed seed, once, to a key pair generator. */
  private static final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] seed;

    FixedRandom(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (bytes.length != seed.length) {
        throw new IllegalStateException("unexpected request of " + bytes.length + " bytes");
      }
      System.arraycopy(seed, 0, bytes, 0, seed.length);
    }
  }

  /** A minimal DER reader and writer: enough for the structures above. */
  static final class Der {
    private final byte[] data;
    private int pos;
    private int end;

    Der(byte[] data) {
      this.data = data;
      this.end = data.length;
    }

    record Tlv(int tag, byte[] content) {}

    boolean hasNext() {
      return pos < end;
    }

    Tlv next() {
      if (pos + 2 > end) {
        throw new IllegalArgumentException("truncated DER");
      }
      int tag = data[pos++] & 0xff;
      int len = data[pos++] & 0xff;
      if (len > 0x80) {
        int bytes = len - 0x80;
        if (bytes > 3) {
          throw new IllegalArgumentException("DER length too large");
        }
        len = 0;
        for (int i = 0; i < bytes; i++) {
          len = (len << 8) | (data[pos++] & 0xff);
        }
      } else if (len == 0x80) {
        throw new IllegalArgumentException("indefinite DER length");
      }
      if (pos + len > end) {
        throw new IllegalArgumentException("truncated DER");
      }
      byte[] content = Arrays.copyOfRange(data, pos, pos + len);
      pos += len;
      return new Tlv(tag, content);
    }

    Der sequence() {
      Tlv t = next();
      if (t.tag != 0x30) {
        throw new IllegalArgumentException("expected a DER SEQUENCE");
      }
      return new Der(t.content);
    }

    static byte[] tlv(int tag, byte[] content) {
      int n = content.length;
      byte[] len;
      if (n < 0x80) {
        len = new byte[] {(byte) n};
      } else if (n < 0x100) {
        len = new byte[] {(byte) 0x81, (byte) n};
      } else if (n < 0x10000) {
        len = new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
      } else {
        len = new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
      }
      return concat(new byte[] {(byte) tag}, len, content);
    }
  }
}
