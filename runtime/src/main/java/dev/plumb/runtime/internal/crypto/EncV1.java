package dev.plumb.runtime.internal.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumb.api.crypto.CryptoException;
import dev.plumb.api.crypto.DataEncryptionCipher;
import dev.plumb.api.crypto.KeyWrapAlgorithm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The header of Dapr's {@code dapr.io/enc/v1} documents (dapr/kit {@code schemes/enc/v1}): three
 * LF-terminated lines, the scheme name, a compact JSON manifest and the base64 HMAC of the first
 * two lines. Reading follows Dapr's decoder (field names without regard to case, numeric ids,
 * standard base64); writing follows Go's encoder (field order {@code k kw wfk cph np}, {@code k}
 * omitted when empty, Go's string escapes), so that documents diff cleanly against Dapr's.
 */
final class EncV1 {
  /** The first line of every document. */
  static final String SCHEME = "dapr.io/enc/v1";

  /** Plaintext bytes per segment; the last segment may be shorter. */
  static final int SEGMENT_SIZE = 64 << 10;

  /** The AEAD tag appended to each segment. */
  static final int TAG_SIZE = 16;

  /** The random nonce prefix of a document. */
  static final int NONCE_PREFIX_SIZE = 7;

  /** The file key's length. */
  static final int FILE_KEY_SIZE = 32;

  /** The largest header Dapr writes or reads. */
  static final int MAX_HEADER_SIZE = SEGMENT_SIZE;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private EncV1() {}

  /**
   * A parsed manifest.
   *
   * @param keyName the key name the document records, or {@code null}
   * @param keyWrap how the file key is wrapped
   * @param wrappedFileKey the wrapped file key; not empty
   * @param cipher the payload's cipher
   * @param noncePrefix the 7-byte nonce prefix
   */
  record Manifest(
      String keyName,
      KeyWrapAlgorithm keyWrap,
      byte[] wrappedFileKey,
      DataEncryptionCipher cipher,
      byte[] noncePrefix) {

    @Override
    public String toString() {
      return "Manifest[k=" + keyName + ", kw=" + keyWrap.id() + ", cph=" + cipher.id() + "]";
    }
  }

  /**
   * A header as read: the manifest's bytes exactly as received (the MAC covers them, never a
   * re-encoding), the parsed manifest and the MAC line.
   *
   * @param manifestBytes the second line, without its LF
   * @param manifest the parsed manifest
   * @param macLine the third line, without its LF
   */
  record Header(byte[] manifestBytes, Manifest manifest, byte[] macLine) {
    @Override
    public String toString() {
      return "Header[" + manifest + "]";
    }
  }

  /**
   * Encodes a manifest as Go's {@code json.Marshal} does.
   *
   * @param keyName the key name to record, or {@code null}/empty to record none
   * @param keyWrap the wrap algorithm
   * @param wrappedFileKey the wrapped file key
   * @param cipher the payload cipher
   * @param noncePrefix the nonce prefix
   * @return the compact JSON, UTF-8
   */
  static byte[] manifestJson(
      String keyName,
      KeyWrapAlgorithm keyWrap,
      byte[] wrappedFileKey,
      DataEncryptionCipher cipher,
      byte[] noncePrefix) {
    StringBuilder b = new StringBuilder(128).append('{');
    if (keyName != null && !keyName.isEmpty()) {
      b.append("\"k\":");
      goString(b, keyName);
      b.append(',');
    }
    b.append("\"kw\":").append(keyWrap.id());
    b.append(",\"wfk\":\"").append(Base64.getEncoder().encodeToString(wrappedFileKey));
    b.append("\",\"cph\":").append(cipher.id());
    b.append(",\"np\":\"").append(Base64.getEncoder().encodeToString(noncePrefix));
    return b.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Appends a JSON string with Go's escapes: HTML characters and U+2028/9 as \\u, no '/'. */
  private static void goString(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> b.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else if (Character.isSurrogate(c)
              && !(Character.isHighSurrogate(c)
                  && i + 1 < s.length()
                  && Character.isLowSurrogate(s.charAt(i + 1)))
              && !(Character.isLowSurrogate(c)
                  && i > 0
                  && Character.isHighSurrogate(s.charAt(i - 1)))) {
            b.append('\ufffd'); // Go writes invalid UTF-8 as the replacement character.
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  /**
   * Reads a header, byte by byte so that nothing past its last LF is consumed.
   *
   * @param in the document, positioned at its start
   * @param component the component's name, for messages
   * @return the header
   * @throws CryptoException if the header is malformed
   * @throws IOException if reading fails
   */
  static Header readHeader(InputStream in, String component) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    byte[][] lines = new byte[3][];
    int total = 0;
    int index = 0;
    while (index < 3) {
      int c = in.read();
      if (c < 0) {
        throw invalidHeader(component, index == 0 ? "scheme name not found" : "truncated");
      }
      if (++total > MAX_HEADER_SIZE) {
        throw invalidHeader(component, "longer than " + MAX_HEADER_SIZE + " bytes");
      }
      if (c != '\n') {
        line.write(c);
        continue;
      }
      if (line.size() == 0) {
        throw invalidHeader(component, "invalid format");
      }
      lines[index] = line.toByteArray();
      line.reset();
      if (index == 0 && !SCHEME.equals(new String(lines[0], StandardCharsets.UTF_8))) {
        throw invalidHeader(component, "unsupported scheme");
      }
      index++;
    }
    return new Header(lines[1], parseManifest(lines[1], component), lines[2]);
  }

  private static CryptoException invalidHeader(String component, String why) {
    return new CryptoException(
        "crypto component " + component + ": decrypt: invalid header: " + why);
  }

  /**
   * Parses a manifest as Dapr's Go decoder does: field names without regard to case (the last one
   * wins), {@code kw} and {@code cph} as bare integers, byte fields as standard padded base64,
   * unknown fields ignored; then Dapr's validation. The message never says which check failed, as
   * in Dapr.
   */
  static Manifest parseManifest(byte[] bytes, String component) {
    CryptoException invalid = invalidHeader(component, "invalid manifest");
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw invalid;
    } catch (IOException e) {
      throw invalid;
    }
    if (root == null || !root.isObject()) {
      throw invalid;
    }
    String keyName = null;
    Integer kw = null;
    Integer cph = null;
    byte[] wfk = null;
    byte[] np = null;
    try {
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        JsonNode v = f.getValue();
        switch (f.getKey().toLowerCase(Locale.ROOT)) {
          case "k" -> keyName = v.isNull() ? keyName : text(v);
          case "kw" -> kw = id(v);
          case "cph" -> cph = id(v);
          case "wfk" -> wfk = v.isNull() ? null : Base64.getDecoder().decode(text(v));
          case "np" -> np = v.isNull() ? null : Base64.getDecoder().decode(text(v));
          default -> {}
        }
      }
      if (kw == null || cph == null || wfk == null || wfk.length == 0) {
        throw invalid;
      }
      if (np == null || np.length != NONCE_PREFIX_SIZE) {
        throw invalid;
      }
      return new Manifest(
          keyName == null || keyName.isEmpty() ? null : keyName,
          KeyWrapAlgorithm.fromId(kw),
          wfk,
          DataEncryptionCipher.fromId(cph),
          np);
    } catch (IllegalArgumentException | CryptoException e) {
      throw invalid;
    }
  }

  private static String text(JsonNode v) {
    if (!v.isTextual()) {
      throw new IllegalArgumentException("not a string");
    }
    return v.textValue();
  }

  private static int id(JsonNode v) {
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new IllegalArgumentException("not an integer");
    }
    return v.intValue();
  }

  /**
   * Compares a received MAC line with the expected MAC in constant time. The line must be the
   * canonical base64 of the MAC: Go's decoder ignores the unused low bits of the last character, so
   * a document whose MAC line was altered there would still pass Dapr's check; Plumb refuses it
   * (Dapr never writes such a line).
   *
   * @param macLine the received third line
   * @param expected the MAC computed over the received first two lines
   * @return whether they match
   */
  static boolean macMatches(byte[] macLine, byte[] expected) {
    byte[] canonical = Base64.getEncoder().encode(expected);
    return MessageDigest.isEqual(canonical, macLine);
  }
}
