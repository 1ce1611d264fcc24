package dev.plumb.common.jose;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.plumb.api.crypto.CryptoException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads keys as dapr/kit's {@code crypto.ParseKey} does, and JWK sets as its {@code jwkscache}.
 * JWKs are parsed by nimbus-jose-jwt. Thread-safe (stateless).
 */
public final class KeyFiles {
  /** The content type of a JWK file ({@code .json}). */
  public static final String JWK = "application/json";

  /** The content type of a PEM file ({@code .pem}). */
  public static final String PEM = "application/x-pem-file";

  private KeyFiles() {}

  /**
   * Parses a key. With a content type: a JWK or PEM. Without: a JWK if it starts with <code>&#123;
   * </code> (unless it is 16, 24 or 32 bytes long: then it is a raw AES key), PEM if it starts with
   * {@code -----} and is longer than 10 bytes, else a symmetric key: trailing LFs and {@code =}
   * trimmed, then base64 (standard, else URL-safe), else the raw bytes.
   *
   * @param raw the file's bytes
   * @param contentType {@link #JWK}, {@link #PEM}, or {@code null} to detect
   * @return the key
   * @throws CryptoException if the key cannot be parsed (the message never quotes the bytes)
   */
  public static LocalKey parse(byte[] raw, String contentType) {
    int l = raw.length;
    if (l == 0) {
      throw new CryptoException("key is empty");
    }
    if (JWK.equals(contentType)) {
      return jwk(raw);
    }
    if (PEM.equals(contentType)) {
      return Pem.parse(raw);
    }
    if (raw[0] == '{' && l != 16 && l != 24 && l != 32) {
      return jwk(raw);
    }
    if (l > 10 && new String(raw, 0, 5, StandardCharsets.US_ASCII).equals("-----")) {
      return Pem.parse(raw);
    }
    return LocalKey.symmetric(symmetric(raw));
  }

  private static byte[] symmetric(byte[] raw) {
    int n = raw.length;
    while (n > 0 && (raw[n - 1] == '\n' || raw[n - 1] == '=')) {
      n--;
    }
    byte[] trimmed = Arrays.copyOf(raw, n);
    try {
      return Base64.getDecoder().decode(padded(trimmed));
    } catch (IllegalArgumentException e) {
      // Not standard base64: try URL-safe.
    }
    try {
      return Base64.getUrlDecoder().decode(padded(trimmed));
    } catch (IllegalArgumentException e) {
      return raw.clone();
    }
  }

  /** Go's RawStdEncoding takes no padding; Java's decoder takes unpadded input too, except "x". */
  private static byte[] padded(byte[] b) {
    if (b.length % 4 == 1) {
      throw new IllegalArgumentException("impossible base64 length");
    }
    return b;
  }

  private static LocalKey jwk(byte[] raw) {
    try {
      return LocalKey.fromJwk(
          com.nimbusds.jose.jwk.JWK.parse(new String(raw, StandardCharsets.UTF_8)));
    } catch (ParseException e) {
      throw new CryptoException("failed to parse JWK: " + e.getMessage(), e);
    }
  }

  /**
   * Parses a JWK set (JSON), keyed by {@code kid}.
   *
   * @param json the set's JSON
   * @return the keys by id, in the set's order; keys without {@code kid} are left out, as they
   *     cannot be named
   * @throws CryptoException if the JSON is not a JWK set or a key is invalid
   */
  public static Map<String, LocalKey> parseSet(String json) {
    JWKSet set;
    try {
      set = JWKSet.parse(json);
    } catch (ParseException e) {
      throw new CryptoException("failed to parse JWKS: " + e.getMessage(), e);
    }
    Map<String, LocalKey> keys = new LinkedHashMap<>();
    for (JWK k : set.getKeys()) {
      if (k.getKeyID() != null) {
        keys.putIfAbsent(k.getKeyID(), LocalKey.fromJwk(k));
      }
    }
    return Map.copyOf(keys);
  }
}
