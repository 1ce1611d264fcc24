package dev.plumb.runtime.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumb.api.crypto.CryptoException;
import dev.plumb.api.crypto.Cryptography;
import dev.plumb.api.crypto.DataEncryptionCipher;
import dev.plumb.api.crypto.DecryptOptions;
import dev.plumb.api.crypto.EncryptOptions;
import dev.plumb.api.crypto.KeyWrapAlgorithm;
import dev.plumb.api.crypto.spi.CryptoComponent;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.runtime.internal.Invokers;
import dev.plumb.runtime.internal.LoadedComponent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class EncV1Test {
  private static final byte[] KEK =
      HexFormat.of()
          .parseHex("000102030405060708090a0b0c0d0e0f" + "101112131415161718191a1b1c1d1e1f");
  private static final byte[] HELLO = "hello world".getBytes(StandardCharsets.UTF_8);

  private final Cryptography crypto = facade(new SecureRandom());

  static Cryptography facade(SecureRandom random) {
    return new DefaultCryptography(
        new LoadedComponent<CryptoComponent>(
            "mycrypto",
            "crypto.test",
            "v1",
            new KeyWrapComponent(Map.of("kek", KEK, "other", new byte[32])),
            ComponentMetadata.of("mycrypto", Map.of()),
            Invokers.direct("mycrypto", "crypto.test", Runnable::run),
            Invokers.direct("mycrypto", "crypto.test", Runnable::run)),
        random);
  }

  static byte[] vector(String name) {
    try (InputStream in =
        EncV1Test.class.getResourceAsStream("/crypto/dapr-kit/enc-v1/" + name + ".enc")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] repeat(byte[] pattern, int times) {
    byte[] out = new byte[pattern.length * times];
    for (int i = 0; i < times; i++) {
      System.arraycopy(pattern, 0, out, i * pattern.length, pattern.length);
    }
    return out;
  }

  /** The plaintexts of dapr/kit's scheme_test.go. */
  static Stream<Arguments> daprVectors() {
    byte[] ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 0};
    byte[] eight = {1, 2, 3, 4, 5, 6, 7, 8};
    return Stream.of(
        Arguments.of("empty-message", new byte[0]),
        Arguments.of("single-segment", HELLO),
        Arguments.of("multi-segment", repeat(ten, 12 << 10)),
        Arguments.of("one-full-segment", repeat(eight, 8 << 10)),
        Arguments.of("two-full-segments", repeat(eight, 16 << 10)),
        Arguments.of("large-file", repeat(ten, 30 << 10)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("daprVectors")
  void everyDaprVectorDecrypts(String name, byte[] plaintext) throws IOException {
    byte[] doc = vector(name);
    assertThat(crypto.decrypt(doc, DecryptOptions.DEFAULT)).isEqualTo(plaintext);
    try (InputStream in = crypto.decrypt(new ByteArrayInputStream(doc), null)) {
      assertThat(in.readAllBytes()).isEqualTo(plaintext);
    }
    assertThat(crypto.async().decrypt(doc, null).toCompletableFuture().join()).isEqualTo(plaintext);
    // The header verifies with the independent check too.
    assertThat(DaprHeader.parse(doc).verifies(DaprHeader.parse(doc).wfk())).isTrue();
  }

  @Test
  void aDocumentWithoutKeyNameNeedsOne() {
    byte[] doc = vector("single-segment-no-key-name");
    assertThatThrownBy(() -> crypto.decrypt(doc, DecryptOptions.DEFAULT))
        .isInstanceOf(CryptoException.class)
        .hasMessage(
            "crypto component mycrypto: document's manifest does not contain a key name, and no"
                + " key name was provided");
    assertThat(crypto.decrypt(doc, DecryptOptions.withKeyName("mykey"))).isEqualTo(HELLO);
  }

  @Test
  void aNamedKeyOverridesTheDocumentsAndAWrongKeyFailsTheSignature() {
    byte[] doc = vector("single-segment");
    assertThatThrownBy(() -> crypto.decrypt(doc, DecryptOptions.withKeyName("other")))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("failed to validate the document's signature");
    assertThatThrownBy(() -> crypto.decrypt(doc, DecryptOptions.withKeyName("missing")))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("failed to validate the document's signature");
  }

  static Stream<Arguments> sizes() {
    List<Arguments> a = new ArrayList<>();
    for (DataEncryptionCipher c : DataEncryptionCipher.values()) {
      for (int size : new int[] {0, 1, 11, 65535, 65536, 65537, 2 * 65536, 3 * 65536 + 5}) {
        a.add(Arguments.of(c, size));
      }
    }
    return a.stream();
  }

  @ParameterizedTest(name = "{0} {1} bytes")
  @MethodSource("sizes")
  void roundTripsAndTheHeaderVerifiesAsDaprWould(DataEncryptionCipher cipher, int size)
      throws IOException {
    byte[] plaintext = new byte[size];
    new SecureRandom().nextBytes(plaintext);
    EncryptOptions o =
        EncryptOptions.builder("kek", KeyWrapAlgorithm.A256KW).dataEncryptionCipher(cipher).build();
    byte[] doc = crypto.encrypt(plaintext, o);

    DaprHeader h = DaprHeader.parse(doc);
    assertThat(h.fieldNames()).containsExactly("k", "kw", "wfk", "cph", "np");
    assertThat(h.manifest().get("k").textValue()).isEqualTo("kek");
    assertThat(h.manifest().get("kw").intValue()).isEqualTo(1);
    assertThat(h.manifest().get("cph").intValue()).isEqualTo(cipher.id());
    assertThat(h.np()).hasSize(7);
    assertThat(h.verifies(unwrapA256kw(h.wfk()))).isTrue();
    int segments = (size + EncV1.SEGMENT_SIZE - 1) / EncV1.SEGMENT_SIZE;
    assertThat(doc).hasSize(h.length() + size + segments * EncV1.TAG_SIZE);

    assertThat(crypto.decrypt(doc, null)).isEqualTo(plaintext);
    try (InputStream in =
        crypto.decrypt(crypto.encrypt(new ByteArrayInputStream(plaintext), o), null)) {
      assertThat(in.readAllBytes()).isEqualTo(plaintext);
    }
    assertThat(
            crypto
                .async()
                .decrypt(crypto.async().encrypt(plaintext, o).toCompletableFuture().join(), null)
                .toCompletableFuture()
                .join())
        .isEqualTo(plaintext);
  }

  @Test
  void decryptionKeyNameIsRecordedAndOmitWins() {
    byte[] named =
        crypto.encrypt(
            HELLO,
            EncryptOptions.builder("kek", KeyWrapAlgorithm.fromDapr("aes"))
                .decryptionKeyName("kek-v2")
                .build());
    assertThat(DaprHeader.parse(named).manifest().get("k").textValue()).isEqualTo("kek-v2");
    byte[] omitted =
        crypto.encrypt(
            HELLO,
            EncryptOptions.builder("kek", KeyWrapAlgorithm.A256KW)
                .decryptionKeyName("kek-v2")
                .omitDecryptionKeyName(true)
                .build());
    assertThat(DaprHeader.parse(omitted).fieldNames()).containsExactly("kw", "wfk", "cph", "np");
    assertThat(crypto.decrypt(omitted, DecryptOptions.withKeyName("kek"))).isEqualTo(HELLO);
  }

  @ParameterizedTest
  @EnumSource(DataEncryptionCipher.class)
  void everyFlippedByteFailsWithCryptoException(DataEncryptionCipher cipher) {
    byte[] doc =
        crypto.encrypt(
            HELLO,
            EncryptOptions.builder("kek", KeyWrapAlgorithm.A256KW)
                .dataEncryptionCipher(cipher)
                .build());
    for (int mask : new int[] {0x01, 0x80, 0xff}) {
      for (int i = 0; i < doc.length; i++) {
        byte[] tampered = doc.clone();
        tampered[i] ^= (byte) mask;
        int at = i;
        Throwable t = catchThrowable(() -> crypto.decrypt(tampered, null));
        assertThat(t).as("byte %d ^ 0x%02x", at, mask).isInstanceOf(CryptoException.class);
        Throwable s =
            catchThrowable(
                () -> {
                  try (InputStream in = crypto.decrypt(new ByteArrayInputStream(tampered), null)) {
                    in.readAllBytes();
                  }
                });
        assertThat(s instanceof CryptoException || s.getCause() instanceof CryptoException)
            .as("stream, byte %d ^ 0x%02x: %s", at, mask, s)
            .isTrue();
      }
    }
  }

  @Test
  void everyTruncationFailsButTheBareHeaderReadsAsEmptyAsInDapr() {
    // Every cut of a one-segment document, and of a two-segment one every 499th byte and around
    // the segment boundary.
    EncryptOptions o = EncryptOptions.of("kek", KeyWrapAlgorithm.A256KW);
    byte[] small = crypto.encrypt(HELLO, o);
    for (int len = 0; len < small.length; len++) {
      assertTruncatedFails(small, len);
    }
    byte[] two = crypto.encrypt(repeat(HELLO, 7000), o);
    int boundary = DaprHeader.parse(two).length() + EncV1.SEGMENT_SIZE + EncV1.TAG_SIZE;
    for (int len = 0; len < two.length; len += 499) {
      assertTruncatedFails(two, len);
    }
    for (int len = boundary - 2; len <= boundary + 2; len++) {
      assertTruncatedFails(two, len);
    }
  }

  private void assertTruncatedFails(byte[] doc, int len) {
    byte[] cut = Arrays.copyOf(doc, len);
    if (len == DaprHeader.parse(doc).length()) {
      // The format cannot tell an empty document from one cut after its header; Dapr reads it
      // as empty too (dapr/kit's empty-message vector is exactly this).
      assertThat(crypto.decrypt(cut, null)).isEmpty();
      return;
    }
    assertThat(catchThrowable(() -> crypto.decrypt(cut, null)))
        .as("cut at %d", len)
        .isInstanceOf(CryptoException.class);
  }

  @Test
  void readsIntoLargeBuffersGoStraightThroughAndStillAuthenticate() throws IOException {
    byte[] plaintext = repeat(HELLO, 30_000); // 330,000 bytes: six segments
    EncryptOptions o = EncryptOptions.of("kek", KeyWrapAlgorithm.A256KW);
    byte[] doc = readWith(crypto.encrypt(new ByteArrayInputStream(plaintext), o), 200_000);
    assertThat(doc).isEqualTo(readWith(new ByteArrayInputStream(doc), 7));
    assertThat(readWith(crypto.decrypt(new ByteArrayInputStream(doc), null), 200_000))
        .isEqualTo(plaintext);
    byte[] tampered = doc.clone();
    tampered[doc.length - 100] ^= 1;
    Throwable t =
        catchThrowable(
            () -> readWith(crypto.decrypt(new ByteArrayInputStream(tampered), null), 200_000));
    assertThat(t).isInstanceOf(IOException.class).hasCauseInstanceOf(CryptoException.class);
  }

  /** Reads a stream to its end with reads of a given size. */
  private static byte[] readWith(InputStream in, int size) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] buf = new byte[size];
    try (in) {
      for (int n; (n = in.read(buf, 0, size)) >= 0; ) {
        assertThat(n).isPositive();
        out.write(buf, 0, n);
      }
    }
    return out.toByteArray();
  }

  @Test
  void appendedBytesFail() {
    byte[] doc = crypto.encrypt(HELLO, EncryptOptions.of("kek", KeyWrapAlgorithm.A256KW));
    byte[] longer = Arrays.copyOf(doc, doc.length + 1);
    assertThatThrownBy(() -> crypto.decrypt(longer, null)).isInstanceOf(CryptoException.class);
  }

  @Test
  void malformedHeadersAreClearErrors() {
    assertThatThrownBy(
            () -> crypto.decrypt("dapr.io/enc/v2\n{}\nx\n".getBytes(StandardCharsets.UTF_8), null))
        .isInstanceOf(CryptoException.class)
        .hasMessage("crypto component mycrypto: decrypt: invalid header: unsupported scheme");
    assertThatThrownBy(
            () ->
                crypto.decrypt(
                    "dapr.io/enc/v1\n{\"kw\":9}\nx\n".getBytes(StandardCharsets.UTF_8), null))
        .isInstanceOf(CryptoException.class)
        .hasMessage("crypto component mycrypto: decrypt: invalid header: invalid manifest");
    assertThatThrownBy(() -> crypto.decrypt(new byte[EncV1.MAX_HEADER_SIZE + 1], null))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("invalid header");
  }

  @Test
  void manifestIsReadAsGoReadsIt() {
    // Field names without regard to case, unknown fields ignored.
    EncV1.Manifest m =
        EncV1.parseManifest(
            "{\"K\":\"a\",\"KW\":5,\"Wfk\":\"AAAA\",\"CPH\":2,\"np\":\"AQIDBAUGBw==\",\"x\":1}"
                .getBytes(StandardCharsets.UTF_8),
            "c");
    assertThat(m.keyName()).isEqualTo("a");
    assertThat(m.keyWrap()).isEqualTo(KeyWrapAlgorithm.RSA_OAEP_256);
    assertThat(m.cipher()).isEqualTo(DataEncryptionCipher.CHACHA20_POLY1305);
    for (String bad :
        new String[] {
          "{\"kw\":\"1\",\"wfk\":\"AAAA\",\"cph\":1,\"np\":\"AQIDBAUGBw==\"}",
          "{\"kw\":1.0,\"wfk\":\"AAAA\",\"cph\":1,\"np\":\"AQIDBAUGBw==\"}",
          "{\"kw\":1,\"wfk\":\"\",\"cph\":1,\"np\":\"AQIDBAUGBw==\"}",
          "{\"kw\":1,\"wfk\":\"AAAA\",\"cph\":3,\"np\":\"AQIDBAUGBw==\"}",
          "{\"kw\":1,\"wfk\":\"AAAA\",\"cph\":1,\"np\":\"AQIDBAUG\"}",
          "{\"kw\":1,\"wfk\":\"AAAA\",\"cph\":1,\"np\":\"AQIDBAUGBw==\"} x",
          "[]"
        }) {
      assertThatThrownBy(() -> EncV1.parseManifest(bad.getBytes(StandardCharsets.UTF_8), "c"))
          .as(bad)
          .isInstanceOf(CryptoException.class);
    }
  }

  @Test
  void keyNamesAreEscapedAsGoEscapesThem() {
    byte[] json =
        EncV1.manifestJson(
            "a<b>&\"c\u2028",
            KeyWrapAlgorithm.A256KW,
            new byte[] {1},
            DataEncryptionCipher.AES_GCM,
            new byte[7]);
    assertThat(new String(json, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"k\":\"a\\u003cb\\u003e\\u0026\\\"c\\u2028\",\"kw\":1,\"wfk\":\"AQ==\",\"cph\":1,"
                + "\"np\":\"AAAAAAAAAA==\"}");
  }

  @Test
  void hkdfMatchesRfc5869() {
    byte[] ikm = new byte[22];
    Arrays.fill(ikm, (byte) 0x0b);
    // Test case 1 (first 32 bytes of the OKM).
    assertThat(
            Hkdf.sha256(
                ikm,
                HexFormat.of().parseHex("000102030405060708090a0b0c"),
                HexFormat.of().parseHex("f0f1f2f3f4f5f6f7f8f9")))
        .isEqualTo(
            HexFormat.of()
                .parseHex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"));
    // Test case 3: no salt, no info.
    assertThat(Hkdf.sha256(ikm, null, new byte[0]))
        .isEqualTo(
            HexFormat.of()
                .parseHex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"));
  }

  @Test
  void largeStreamsRoundTripThroughBoundedBuffers() throws Exception {
    long size = 16L << 20;
    EncryptOptions o = EncryptOptions.of("kek", KeyWrapAlgorithm.A256KW);
    MessageDigest expected = MessageDigest.getInstance("SHA-256");
    MessageDigest actual = MessageDigest.getInstance("SHA-256");
    try (InputStream plain = new Generated(size, expected);
        InputStream back = crypto.decrypt(crypto.encrypt(plain, o), null)) {
      byte[] buf = new byte[8192];
      long total = 0;
      for (int n; (n = back.read(buf)) > 0; ) {
        actual.update(buf, 0, n);
        total += n;
      }
      assertThat(total).isEqualTo(size);
    }
    assertThat(actual.digest()).isEqualTo(expected.digest());
  }

  private static byte[] unwrapA256kw(byte[] wfk) {
    try {
      javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AESWrap");
      c.init(javax.crypto.Cipher.UNWRAP_MODE, new SecretKeySpec(KEK, "AES"));
      return c.unwrap(wfk, "AES", javax.crypto.Cipher.SECRET_KEY).getEncoded();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A stream of pseudo-random bytes made as it is read, hashed on the way. */
  static final class Generated extends InputStream {
    private final long size;
    private final MessageDigest digest;
    private long pos;

    Generated(long size, MessageDigest digest) {
      this.size = size;
      this.digest = digest;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - pos);
      for (int i = 0; i < n; i++) {
        long x = (pos + i) * 0x9E3779B97F4A7C15L;
        b[off + i] = (byte) (x >>> 56);
      }
      digest.update(b, off, n);
      pos += n;
      return n;
    }
  }

  /**
   * Dapr's header check written from dapr/kit's {@code filekey.go} and {@code scheme.go},
   * independently of the code under test: three lines, HMAC-SHA256 keyed with HKDF-SHA256(FK, 32
   * zero bytes, "header") over the first two lines, standard base64.
   */
  record DaprHeader(byte[] line1, byte[] line2, byte[] line3, int length) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static DaprHeader parse(byte[] doc) {
      int[] nl = new int[3];
      int found = 0;
      for (int i = 0; i < doc.length && found < 3; i++) {
        if (doc[i] == '\n') {
          nl[found++] = i;
        }
      }
      return new DaprHeader(
          Arrays.copyOfRange(doc, 0, nl[0]),
          Arrays.copyOfRange(doc, nl[0] + 1, nl[1]),
          Arrays.copyOfRange(doc, nl[1] + 1, nl[2]),
          nl[2] + 1);
    }

    JsonNode manifest() {
      try {
        return JSON.readTree(line2);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    List<String> fieldNames() {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = manifest().fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      return names;
    }

    byte[] wfk() {
      return Base64.getDecoder().decode(manifest().get("wfk").textValue());
    }

    byte[] np() {
      return Base64.getDecoder().decode(manifest().get("np").textValue());
    }

    boolean verifies(byte[] fileKey) {
      try {
        Mac extract = Mac.getInstance("HmacSHA256");
        extract.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
        byte[] prk = extract.doFinal(fileKey);
        Mac expand = Mac.getInstance("HmacSHA256");
        expand.init(new SecretKeySpec(prk, "HmacSHA256"));
        byte[] headerKey = expand.doFinal("header\u0001".getBytes(StandardCharsets.US_ASCII));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(headerKey, "HmacSHA256"));
        mac.update(line1);
        mac.update((byte) '\n');
        mac.update(line2);
        mac.update((byte) '\n');
        return new String(line1, StandardCharsets.UTF_8).equals("dapr.io/enc/v1")
            && MessageDigest.isEqual(mac.doFinal(), Base64.getDecoder().decode(line3));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
