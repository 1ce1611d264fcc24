package dev.plumb.common.jose;

import dev.plumb.api.crypto.CryptoException;
import dev.plumb.api.crypto.EncryptResult;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * dapr/kit's {@code crypto} operations on the JDK's JCE: the same algorithms, nonce and tag rules
 * and results. Traps handled: RSA-OAEP-256/384/512 pass an explicit {@link OAEPParameterSpec}
 * because the JDK's {@code OAEPWith<hash>AndMGF1Padding} keeps MGF1 on SHA-1; signatures are over a
 * digest the caller computed, so RSA PKCS#1 v1.5 prefixes the DigestInfo itself and RSA-PSS encodes
 * EMSA-PSS itself (the JDK hashes the message first in both). Thread-safe (stateless).
 */
final class Algorithms {
  static final Set<String> SYMMETRIC =
      Set.of(
          "A128CBC",
          "A192CBC",
          "A256CBC",
          "A128CBC-NOPAD",
          "A192CBC-NOPAD",
          "A256CBC-NOPAD",
          "A128GCM",
          "A192GCM",
          "A256GCM",
          "A128CBC-HS256",
          "A192CBC-HS384",
          "A256CBC-HS512",
          "A128KW",
          "A192KW",
          "A256KW",
          "C20P",
          "C20PKW",
          "XC20P",
          "XC20PKW");
  static final Set<String> ASYMMETRIC =
      Set.of("RSA1_5", "RSA-OAEP", "RSA-OAEP-256", "RSA-OAEP-384", "RSA-OAEP-512");
  static final Set<String> SIGNATURE =
      Set.of(
          "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");

  private static final SecureRandom RANDOM = new SecureRandom();

  private Algorithms() {}

  static CryptoException unsupported() {
    return new CryptoException("unsupported algorithm");
  }

  static CryptoException mismatch() {
    return new CryptoException("key type mismatch");
  }

  // ---- encryption -------------------------------------------------------------------------

  static EncryptResult encrypt(byte[] plaintext, String alg, LocalKey key, byte[] nonce, byte[] aad)
      throws GeneralSecurityException {
    if (SYMMETRIC.contains(alg)) {
      return encryptSymmetric(plaintext, alg, secretOf(key), nonce, aad);
    }
    if (ASYMMETRIC.contains(alg)) {
      PublicKey pub = key.publicKey();
      if (pub == null || key.type() != LocalKey.Type.RSA) {
        throw mismatch();
      }
      Cipher c = rsaCipher(alg, aad);
      c.init(Cipher.ENCRYPT_MODE, pub, rsaParams(alg, aad), RANDOM);
      return new EncryptResult(c.doFinal(plaintext), null);
    }
    throw unsupported();
  }

  static byte[] decrypt(
      byte[] ciphertext, String alg, LocalKey key, byte[] nonce, byte[] tag, byte[] aad)
      throws GeneralSecurityException {
    if (SYMMETRIC.contains(alg)) {
      return decryptSymmetric(ciphertext, alg, secretOf(key), nonce, tag, aad);
    }
    if (ASYMMETRIC.contains(alg)) {
      PrivateKey priv = key.privateKey();
      if (priv == null || key.type() != LocalKey.Type.RSA) {
        throw mismatch();
      }
      Cipher c = rsaCipher(alg, aad);
      c.init(Cipher.DECRYPT_MODE, priv, rsaParams(alg, aad), RANDOM);
      try {
        return c.doFinal(ciphertext);
      } catch (GeneralSecurityException e) {
        throw new CryptoException("decryption error");
      }
    }
    throw unsupported();
  }

  private static byte[] secretOf(LocalKey key) {
    if (key.type() != LocalKey.Type.OCT) {
      throw mismatch();
    }
    return key.secret();
  }

  private static Cipher rsaCipher(String alg, byte[] aad) throws GeneralSecurityException {
    return alg.equals("RSA1_5")
        ? Cipher.getInstance("RSA/ECB/PKCS1Padding")
        : Cipher.getInstance("RSA/ECB/OAEPPadding");
  }

  private static OAEPParameterSpec rsaParams(String alg, byte[] aad) {
    if (alg.equals("RSA1_5")) {
      return null;
    }
    String hash =
        switch (alg) {
          case "RSA-OAEP" -> "SHA-1";
          case "RSA-OAEP-256" -> "SHA-256";
          case "RSA-OAEP-384" -> "SHA-384";
          default -> "SHA-512";
        };
    // Go's rsa.EncryptOAEP uses one hash for both the label and MGF1; the label is the AAD.
    PSource label =
        aad == null || aad.length == 0 ? PSource.PSpecified.DEFAULT : new PSource.PSpecified(aad);
    return new OAEPParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), label);
  }

  private static int expectedKeySize(String alg) {
    return switch (alg.substring(1, 4)) {
      case "128" -> 16;
      case "192" -> 24;
      case "256" -> 32;
      default -> 0;
    };
  }

  private static EncryptResult encryptSymmetric(
      byte[] plaintext, String alg, byte[] key, byte[] nonce, byte[] aad)
      throws GeneralSecurityException {
    if (alg.endsWith("-NOPAD") || alg.matches("A\\d{3}CBC")) {
      checkAesKey(key, alg);
      checkNonce(nonce, 16);
      boolean nopad = alg.endsWith("-NOPAD");
      if (nopad && plaintext.length % 16 != 0) {
        throw new CryptoException("invalid plaintext length");
      }
      Cipher c = Cipher.getInstance(nopad ? "AES/CBC/NoPadding" : "AES/CBC/PKCS5Padding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(nonce));
      return new EncryptResult(c.doFinal(plaintext), null);
    }
    if (alg.endsWith("GCM")) {
      checkAesKey(key, alg);
      checkNonce(nonce, 12);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      return split(c, plaintext, aad, 16);
    }
    if (alg.contains("CBC-HS")) {
      return cbcHmacSeal(plaintext, alg, key, nonce, aad);
    }
    if (alg.endsWith("KW") && alg.startsWith("A")) {
      checkAesKey(key, alg);
      Cipher c = Cipher.getInstance("AES/KW/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
      if (plaintext.length < 16 || plaintext.length % 8 != 0) {
        throw new CryptoException("invalid plaintext length");
      }
      return new EncryptResult(c.doFinal(plaintext), null);
    }
    // C20P, C20PKW, XC20P, XC20PKW
    Cipher c = chacha(Cipher.ENCRYPT_MODE, alg, key, nonce);
    return split(c, plaintext, aad, 16);
  }

  private static byte[] decryptSymmetric(
      byte[] ciphertext, String alg, byte[] key, byte[] nonce, byte[] tag, byte[] aad)
      throws GeneralSecurityException {
    if (alg.endsWith("-NOPAD") || alg.matches("A\\d{3}CBC")) {
      checkAesKey(key, alg);
      checkNonce(nonce, 16);
      if (ciphertext.length % 16 != 0) {
        throw new CryptoException("invalid ciphertext length");
      }
      boolean nopad = alg.endsWith("-NOPAD");
      Cipher c = Cipher.getInstance(nopad ? "AES/CBC/NoPadding" : "AES/CBC/PKCS5Padding");
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(nonce));
      try {
        return c.doFinal(ciphertext);
      } catch (GeneralSecurityException e) {
        throw new CryptoException("invalid padding");
      }
    }
    if (alg.endsWith("GCM")) {
      checkAesKey(key, alg);
      checkNonce(nonce, 12);
      checkTag(tag, 16);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      return open(c, ciphertext, tag, aad);
    }
    if (alg.contains("CBC-HS")) {
      return cbcHmacOpen(ciphertext, alg, key, nonce, tag, aad);
    }
    if (alg.endsWith("KW") && alg.startsWith("A")) {
      checkAesKey(key, alg);
      Cipher c = Cipher.getInstance("AES/KW/NoPadding");
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"));
      try {
        return c.doFinal(ciphertext);
      } catch (GeneralSecurityException e) {
        throw new CryptoException("failed to unwrap key: integrity check failed");
      }
    }
    checkTag(tag, 16);
    Cipher c = chacha(Cipher.DECRYPT_MODE, alg, key, nonce);
    return open(c, ciphertext, tag, aad);
  }

  private static Cipher chacha(int mode, String alg, byte[] key, byte[] nonce)
      throws GeneralSecurityException {
    if (key.length != 32) {
      throw mismatch();
    }
    boolean extended = alg.startsWith("X");
    checkNonce(nonce, extended ? 24 : 12);
    byte[] k = key;
    byte[] n = nonce;
    if (extended) {
      k = HChaCha20.subkey(key, Arrays.copyOfRange(nonce, 0, 16));
      n = new byte[12];
      System.arraycopy(nonce, 16, n, 4, 8);
    }
    Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
    c.init(mode, new SecretKeySpec(k, "ChaCha20"), new IvParameterSpec(n));
    return c;
  }

  private static EncryptResult split(Cipher c, byte[] plaintext, byte[] aad, int tagSize)
      throws GeneralSecurityException {
    if (aad != null && aad.length > 0) {
      c.updateAAD(aad);
    }
    byte[] out = c.doFinal(plaintext);
    return new EncryptResult(
        Arrays.copyOfRange(out, 0, out.length - tagSize),
        Arrays.copyOfRange(out, out.length - tagSize, out.length));
  }

  private static byte[] open(Cipher c, byte[] ciphertext, byte[] tag, byte[] aad)
      throws GeneralSecurityException {
    if (aad != null && aad.length > 0) {
      c.updateAAD(aad);
    }
    byte[] in = Arrays.copyOf(ciphertext, ciphertext.length + tag.length);
    System.arraycopy(tag, 0, in, ciphertext.length, tag.length);
    try {
      return c.doFinal(in);
    } catch (AEADBadTagException e) {
      throw new CryptoException("message authentication failed");
    }
  }

  private static void checkAesKey(byte[] key, String alg) {
    if (key.length != expectedKeySize(alg)) {
      throw mismatch();
    }
  }

  private static void checkNonce(byte[] nonce, int size) {
    if (nonce == null || nonce.length != size) {
      throw new CryptoException("invalid nonce");
    }
  }

  private static void checkTag(byte[] tag, int size) {
    if (tag == null || tag.length != size) {
      throw new CryptoException("invalid tag");
    }
  }

  /** AES-CBC-HMAC-SHA2 of RFC 7518 5.2 (dapr/kit {@code aescbcaead}). */
  private record CbcHmac(int keySize, String mac, int tagSize) {
    static CbcHmac of(String alg, byte[] key) {
      CbcHmac p =
          switch (alg) {
            case "A128CBC-HS256" -> new CbcHmac(16, "HmacSHA256", 16);
            case "A192CBC-HS384" -> new CbcHmac(24, "HmacSHA384", 24);
            default -> new CbcHmac(32, "HmacSHA512", 32);
          };
      if (key.length != 2 * p.keySize) {
        throw mismatch();
      }
      return p;
    }

    byte[] tag(byte[] key, byte[] aad, byte[] iv, byte[] ciphertext)
        throws GeneralSecurityException {
      Mac m = Mac.getInstance(mac);
      m.init(new SecretKeySpec(key, 0, keySize, mac));
      byte[] a = aad == null ? new byte[0] : aad;
      m.update(a);
      m.update(iv);
      m.update(ciphertext);
      m.update(ByteBuffer.allocate(8).putLong((long) a.length << 3).array());
      return Arrays.copyOf(m.doFinal(), tagSize);
    }
  }

  private static EncryptResult cbcHmacSeal(
      byte[] plaintext, String alg, byte[] key, byte[] nonce, byte[] aad)
      throws GeneralSecurityException {
    CbcHmac p = CbcHmac.of(alg, key);
    checkNonce(nonce, 16);
    Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
    c.init(
        Cipher.ENCRYPT_MODE,
        new SecretKeySpec(key, key.length - p.keySize, p.keySize, "AES"),
        new IvParameterSpec(nonce));
    byte[] ct = c.doFinal(plaintext);
    return new EncryptResult(ct, p.tag(key, aad, nonce, ct));
  }

  private static byte[] cbcHmacOpen(
      byte[] ciphertext, String alg, byte[] key, byte[] nonce, byte[] tag, byte[] aad)
      throws GeneralSecurityException {
    CbcHmac p = CbcHmac.of(alg, key);
    checkNonce(nonce, 16);
    checkTag(tag, p.tagSize);
    if (!MessageDigest.isEqual(tag, p.tag(key, aad, nonce, ciphertext))) {
      throw new CryptoException("message authentication failed");
    }
    Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
    c.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(key, key.length - p.keySize, p.keySize, "AES"),
        new IvParameterSpec(nonce));
    try {
      return c.doFinal(ciphertext);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("invalid padding");
    }
  }

  // ---- signatures -------------------------------------------------------------------------

  private static final HexFormat HEX = HexFormat.of();

  private static String hashOf(String alg) {
    return switch (alg.substring(2)) {
      case "256" -> "SHA-256";
      case "384" -> "SHA-384";
      case "512" -> "SHA-512";
      default -> throw unsupported();
    };
  }

  /** DER DigestInfo prefixes for PKCS#1 v1.5 signatures over a given digest (RFC 8017 9.2). */
  private static byte[] digestInfo(String hash) {
    return HEX.parseHex(
        switch (hash) {
          case "SHA-256" -> "3031300d060960864801650304020105000420";
          case "SHA-384" -> "3041300d060960864801650304020205000430";
          default -> "3051300d060960864801650304020305000440";
        });
  }

  static byte[] sign(byte[] digest, String alg, LocalKey key) throws GeneralSecurityException {
    if (!SIGNATURE.contains(alg)) {
      throw unsupported();
    }
    PrivateKey priv = key.privateKey();
    if (priv == null) {
      throw mismatch();
    }
    switch (alg.substring(0, 2)) {
      case "RS" -> {
        requireType(key, LocalKey.Type.RSA);
        Signature s = Signature.getInstance("NONEwithRSA");
        s.initSign(priv);
        s.update(Pem.concat(digestInfo(hashOf(alg)), digest));
        return s.sign();
      }
      case "PS" -> {
        requireType(key, LocalKey.Type.RSA);
        return Pss.sign(digest, hashOf(alg), priv, RANDOM);
      }
      case "ES" -> {
        requireType(key, LocalKey.Type.EC);
        Signature s = Signature.getInstance("NONEwithECDSA");
        s.initSign(priv, RANDOM);
        s.update(digest);
        return s.sign();
      }
      default -> {
        requireType(key, LocalKey.Type.OKP);
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(priv);
        s.update(digest);
        return s.sign();
      }
    }
  }

  static boolean verify(byte[] digest, byte[] signature, String alg, LocalKey key)
      throws GeneralSecurityException {
    if (!SIGNATURE.contains(alg)) {
      throw unsupported();
    }
    PublicKey pub = key.publicKey();
    if (pub == null) {
      throw mismatch();
    }
    try {
      switch (alg.substring(0, 2)) {
        case "RS" -> {
          requireType(key, LocalKey.Type.RSA);
          Signature s = Signature.getInstance("NONEwithRSA");
          s.initVerify(pub);
          s.update(Pem.concat(digestInfo(hashOf(alg)), digest));
          return s.verify(signature);
        }
        case "PS" -> {
          requireType(key, LocalKey.Type.RSA);
          return Pss.verify(digest, signature, hashOf(alg), pub);
        }
        case "ES" -> {
          requireType(key, LocalKey.Type.EC);
          Signature s = Signature.getInstance("NONEwithECDSA");
          s.initVerify(pub);
          s.update(digest);
          return s.verify(signature);
        }
        default -> {
          requireType(key, LocalKey.Type.OKP);
          Signature s = Signature.getInstance("Ed25519");
          s.initVerify(pub);
          s.update(digest);
          return s.verify(signature);
        }
      }
    } catch (java.security.SignatureException e) {
      return false; // A malformed signature is a wrong one, as in Go.
    }
  }

  private static void requireType(LocalKey key, LocalKey.Type type) {
    if (key.type() != type) {
      throw mismatch();
    }
  }

  /** EMSA-PSS (RFC 8017 9.1) over a given digest, MGF1 with the same hash, as Go's rsa.SignPSS. */
  static final class Pss {
    private Pss() {}

    static byte[] sign(byte[] mHash, String hash, PrivateKey key, SecureRandom random)
        throws GeneralSecurityException {
      MessageDigest md = MessageDigest.getInstance(hash);
      int hLen = md.getDigestLength();
      if (mHash.length != hLen) {
        throw new CryptoException("digest length does not match the algorithm");
      }
      int modBits = ((RSAKey) key).getModulus().bitLength();
      int emBits = modBits - 1;
      int emLen = (emBits + 7) / 8;
      int sLen = hLen; // Go verifies with automatic salt length; hLen is the common choice.
      if (emLen < hLen + sLen + 2) {
        throw new CryptoException("key too short for the algorithm");
      }
      byte[] salt = new byte[sLen];
      random.nextBytes(salt);
      md.update(new byte[8]);
      md.update(mHash);
      byte[] h = md.digest(salt);
      byte[] db = new byte[emLen - hLen - 1];
      db[emLen - sLen - hLen - 2] = 1;
      System.arraycopy(salt, 0, db, db.length - sLen, sLen);
      byte[] mask = mgf1(h, db.length, hash);
      for (int i = 0; i < db.length; i++) {
        db[i] ^= mask[i];
      }
      db[0] &= (byte) (0xff >>> (8 * emLen - emBits));
      byte[] em = Pem.concat(db, h, new byte[] {(byte) 0xbc});
      Cipher c = Cipher.getInstance("RSA/ECB/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, (Key) key);
      byte[] s = c.doFinal(em);
      return leftPad(s, (modBits + 7) / 8);
    }

    static boolean verify(byte[] mHash, byte[] sig, String hash, PublicKey key)
        throws GeneralSecurityException {
      MessageDigest md = MessageDigest.getInstance(hash);
      int hLen = md.getDigestLength();
      BigInteger n = ((RSAKey) key).getModulus();
      int k = (n.bitLength() + 7) / 8;
      if (mHash.length != hLen || sig.length != k || new BigInteger(1, sig).compareTo(n) >= 0) {
        return false;
      }
      Cipher c = Cipher.getInstance("RSA/ECB/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key);
      byte[] m = leftPad(c.doFinal(sig), k);
      int emBits = n.bitLength() - 1;
      int emLen = (emBits + 7) / 8;
      for (int i = 0; i < k - emLen; i++) {
        if (m[i] != 0) {
          return false;
        }
      }
      byte[] em = Arrays.copyOfRange(m, k - emLen, k);
      if (emLen < hLen + 2 || em[emLen - 1] != (byte) 0xbc) {
        return false;
      }
      byte[] db = Arrays.copyOfRange(em, 0, emLen - hLen - 1);
      byte[] h = Arrays.copyOfRange(em, emLen - hLen - 1, emLen - 1);
      int topMask = 0xff >>> (8 * emLen - emBits);
      if ((db[0] & ~topMask) != 0) {
        return false;
      }
      byte[] mask = mgf1(h, db.length, hash);
      for (int i = 0; i < db.length; i++) {
        db[i] ^= mask[i];
      }
      db[0] &= (byte) topMask;
      int i = 0;
      while (i < db.length && db[i] == 0) {
        i++;
      }
      if (i == db.length || db[i] != 1) {
        return false;
      }
      byte[] salt = Arrays.copyOfRange(db, i + 1, db.length);
      md.update(new byte[8]);
      md.update(mHash);
      return MessageDigest.isEqual(h, md.digest(salt));
    }

    private static byte[] mgf1(byte[] seed, int len, String hash) throws GeneralSecurityException {
      MessageDigest md = MessageDigest.getInstance(hash);
      byte[] out = new byte[len];
      int pos = 0;
      for (int counter = 0; pos < len; counter++) {
        md.update(seed);
        md.update(ByteBuffer.allocate(4).putInt(counter).array());
        byte[] d = md.digest();
        int n = Math.min(d.length, len - pos);
        System.arraycopy(d, 0, out, pos, n);
        pos += n;
      }
      return out;
    }

    private static byte[] leftPad(byte[] b, int len) {
      if (b.length == len) {
        return b;
      }
      byte[] out = new byte[len];
      System.arraycopy(
          b,
          Math.max(0, b.length - len),
          out,
          Math.max(0, len - b.length),
          Math.min(len, b.length));
      return out;
    }
  }
}
