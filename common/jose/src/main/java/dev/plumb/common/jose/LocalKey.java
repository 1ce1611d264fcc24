package dev.plumb.common.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.plumb.api.crypto.CryptoException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One key of a local crypto component, as Dapr holds it (a JWK): its type, the JDK key objects (or
 * the raw bytes of a symmetric key), and the JWK's {@code kid}, {@code use}, {@code key_ops} and
 * {@code alg}. Immutable; {@link #toString()} never shows key material.
 */
public final class LocalKey {
  /** JWK key types ({@code kty}). */
  public enum Type {
    /** RSA. */
    RSA,
    /** Elliptic curve (NIST curves). */
    EC,
    /** Octet key pair (Ed25519). */
    OKP,
    /** Symmetric ({@code oct}). */
    OCT
  }

  private final String kid;
  private final Type type;
  private final PublicKey publicKey;
  private final PrivateKey privateKey;
  private final byte[] secret;
  private final String use;
  private final List<String> keyOps;
  private final String alg;

  private LocalKey(
      String kid,
      Type type,
      PublicKey publicKey,
      PrivateKey privateKey,
      byte[] secret,
      String use,
      List<String> keyOps,
      String alg) {
    this.kid = kid;
    this.type = type;
    this.publicKey = publicKey;
    this.privateKey = privateKey;
    this.secret = secret;
    this.use = use;
    this.keyOps = keyOps == null ? List.of() : List.copyOf(keyOps);
    this.alg = alg;
  }

  /**
   * A symmetric key of raw bytes, without {@code use}, {@code key_ops} or {@code alg}.
   *
   * @param raw the key bytes; not empty
   * @return the key
   */
  public static LocalKey symmetric(byte[] raw) {
    if (raw.length == 0) {
      throw new CryptoException("key is empty");
    }
    return new LocalKey(null, Type.OCT, null, null, raw.clone(), null, null, null);
  }

  /**
   * A key pair or public key read from PEM, without {@code use}, {@code key_ops} or {@code alg}.
   *
   * @param publicKey the public key
   * @param privateKey the private key, or {@code null}
   * @return the key
   */
  public static LocalKey of(PublicKey publicKey, PrivateKey privateKey) {
    Objects.requireNonNull(publicKey, "publicKey");
    Type t =
        switch (publicKey.getAlgorithm()) {
          case "RSA" -> Type.RSA;
          case "EC" -> Type.EC;
          case "Ed25519", "EdDSA" -> Type.OKP;
          default -> throw new CryptoException("invalid key type " + publicKey.getAlgorithm());
        };
    return new LocalKey(null, t, publicKey, privateKey, null, null, null, null);
  }

  /**
   * Converts a parsed JWK.
   *
   * @param jwk the JWK
   * @return the key
   * @throws CryptoException if its type or curve is not supported
   */
  public static LocalKey fromJwk(JWK jwk) {
    String use = jwk.getKeyUse() == null ? null : jwk.getKeyUse().getValue();
    List<String> ops = null;
    if (jwk.getKeyOperations() != null) {
      Set<String> s = new TreeSet<>();
      for (KeyOperation op : jwk.getKeyOperations()) {
        s.add(op.identifier());
      }
      ops = List.copyOf(s);
    }
    String alg = jwk.getAlgorithm() == null ? null : jwk.getAlgorithm().getName();
    String kid = jwk.getKeyID();
    try {
      if (jwk instanceof RSAKey k) {
        return new LocalKey(
            kid, Type.RSA, k.toRSAPublicKey(), k.toRSAPrivateKey(), null, use, ops, alg);
      }
      if (jwk instanceof ECKey k) {
        return new LocalKey(
            kid, Type.EC, k.toECPublicKey(), k.toECPrivateKey(), null, use, ops, alg);
      }
      if (jwk instanceof OctetKeyPair k) {
        if (!Curve.Ed25519.equals(k.getCurve())) {
          throw new CryptoException("unsupported OKP curve " + k.getCurve());
        }
        PublicKey pub = Pem.ed25519Public(k.getDecodedX());
        PrivateKey priv = k.isPrivate() ? Pem.ed25519Private(k.getDecodedD()) : null;
        return new LocalKey(kid, Type.OKP, pub, priv, null, use, ops, alg);
      }
      if (jwk instanceof OctetSequenceKey k) {
        return new LocalKey(kid, Type.OCT, null, null, k.toByteArray(), use, ops, alg);
      }
    } catch (JOSEException e) {
      throw new CryptoException("invalid key: " + e.getMessage(), e);
    }
    throw new CryptoException("invalid key type " + jwk.getKeyType());
  }

  /**
   * Returns the JWK's {@code kid}.
   *
   * @return the key id, or {@code null}
   */
  public String kid() {
    return kid;
  }

  /**
   * Returns the key type.
   *
   * @return never {@code null}
   */
  public Type type() {
    return type;
  }

  /**
   * Returns the public key.
   *
   * @return the public key, or {@code null} for a symmetric key
   */
  public PublicKey publicKey() {
    return publicKey;
  }

  /**
   * Returns the private key.
   *
   * @return the private key, or {@code null} for a public or symmetric key
   */
  public PrivateKey privateKey() {
    return privateKey;
  }

  /** Returns the symmetric key's bytes (not a copy: callers in this package only read them). */
  byte[] secret() {
    return secret;
  }

  /**
   * Tells whether the key may perform an operation, as contrib's {@code KeyCanPerformOperation}:
   * {@code key_ops}, if present, must list it; {@code use}, if present, must be {@code enc} for
   * encrypt, decrypt, wrapKey and unwrapKey and {@code sig} for sign and verify.
   *
   * @param op the JWK operation name, such as {@code wrapKey}
   * @return whether it is allowed
   */
  public boolean canPerform(String op) {
    if (!keyOps.isEmpty() && !keyOps.contains(op)) {
      return false;
    }
    if (use != null && !use.isEmpty()) {
      return switch (op) {
        case "encrypt", "decrypt", "wrapKey", "unwrapKey" -> use.equals("enc");
        case "sign", "verify" -> use.equals("sig");
        default -> true;
      };
    }
    return true;
  }

  /**
   * Tells whether the key may be used with an algorithm: any, unless its {@code alg} names another.
   *
   * @param algorithm the JWA name
   * @return whether it is allowed
   */
  public boolean canUse(String algorithm) {
    return alg == null || alg.isEmpty() || alg.equals(algorithm);
  }

  @Override
  public String toString() {
    return "LocalKey["
        + type
        + (kid == null ? "" : ", kid=" + kid)
        + (alg == null ? "" : ", alg=" + alg)
        + "]";
  }
}
