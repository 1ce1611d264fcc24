package dev.plumb.common.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.crypto.CryptoException;
import dev.plumb.api.crypto.spi.EncryptRequest;
import dev.plumb.api.crypto.spi.SignRequest;
import dev.plumb.api.crypto.spi.VerifyRequest;
import dev.plumb.api.crypto.spi.WrapKeyRequest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalKeyCryptoComponentTest {
  private static final byte[] KEY32 = new byte[32];
  private static final String KEY32_B64URL =
      Base64.getUrlEncoder().withoutPadding().encodeToString(KEY32);
  private static final byte[] MESSAGE = "a message".getBytes(StandardCharsets.UTF_8);

  private static LocalKey jwk(String json) {
    return KeyFiles.parse(json.getBytes(StandardCharsets.UTF_8), null);
  }

  @Test
  void keyOpsUseAndAlgRestrictTheKeyAsInDapr() {
    MapCryptoComponent c =
        new MapCryptoComponent(
            Map.of(
                "decrypt-only",
                    jwk(
                        "{\"kty\":\"oct\",\"k\":\""
                            + KEY32_B64URL
                            + "\",\"key_ops\":[\"decrypt\"]}"),
                "plain", LocalKey.symmetric(KEY32),
                "sig", jwk("{\"kty\":\"oct\",\"k\":\"" + KEY32_B64URL + "\",\"use\":\"sig\"}"),
                "a128gcm",
                    jwk("{\"kty\":\"oct\",\"k\":\"" + KEY32_B64URL + "\",\"alg\":\"A256KW\"}")));
    assertThatThrownBy(
            () ->
                c.encrypt(
                    new EncryptRequest(MESSAGE, "A256GCM", "decrypt-only", new byte[12], null)))
        .isInstanceOf(CryptoException.class)
        .hasMessage(
            "crypto component test: encrypt with key 'decrypt-only' and algorithm A256GCM: key"
                + " cannot perform the 'encrypt' operation");
    assertThatThrownBy(() -> c.wrapKey(new WrapKeyRequest(KEY32, "A256KW", "sig", null, null)))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("key cannot perform the 'wrapKey' operation");
    assertThatThrownBy(
            () -> c.encrypt(new EncryptRequest(MESSAGE, "A256GCM", "a128gcm", new byte[12], null)))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("key cannot be used with algorithm 'A256GCM'");
    assertThatThrownBy(
            () -> c.encrypt(new EncryptRequest(MESSAGE, "A512GCM", "plain", new byte[12], null)))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("unsupported algorithm");
  }

  @Test
  void keysAreDetectedAsDaprKitDetectsThem() {
    // 32 bytes starting with '{' are a raw AES key, not a JWK.
    byte[] brace = new byte[32];
    brace[0] = '{';
    assertThat(KeyFiles.parse(brace, null).type()).isEqualTo(LocalKey.Type.OCT);
    assertThat(KeyFiles.parse(brace, null).secret()).isEqualTo(brace);
    // Standard base64 with trailing '=' and LF, then URL-safe, then raw bytes.
    byte[] k = new byte[32];
    k[0] = (byte) 0xfb;
    assertThat(
            KeyFiles.parse(
                    (Base64.getEncoder().encodeToString(k) + "\n")
                        .getBytes(StandardCharsets.US_ASCII),
                    null)
                .secret())
        .isEqualTo(k);
    assertThat(
            KeyFiles.parse(
                    Base64.getUrlEncoder().encodeToString(k).getBytes(StandardCharsets.US_ASCII),
                    null)
                .secret())
        .isEqualTo(k);
    byte[] raw = "not base64 at all!".getBytes(StandardCharsets.US_ASCII);
    assertThat(KeyFiles.parse(raw, null).secret()).isEqualTo(raw);
    assertThatThrownBy(() -> KeyFiles.parse(new byte[0], null)).isInstanceOf(CryptoException.class);
    assertThatThrownBy(
            () ->
                KeyFiles.parse(
                    "{\"kty\":\"XX\"}".getBytes(StandardCharsets.US_ASCII), KeyFiles.JWK))
        .isInstanceOf(CryptoException.class)
        .hasMessageStartingWith("failed to parse JWK");
    assertThat(jwk("{\"kty\":\"oct\",\"k\":\"" + KEY32_B64URL + "\"}").toString())
        .isEqualTo("LocalKey[OCT]");
  }

  @Test
  void signaturesOverDigestsMatchTheJdksOverMessages() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair rsa = g.generateKeyPair();
    KeyPairGenerator e = KeyPairGenerator.getInstance("EC");
    e.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair ec = e.generateKeyPair();
    MapCryptoComponent c =
        new MapCryptoComponent(
            Map.of(
                "rsa", LocalKey.of(rsa.getPublic(), rsa.getPrivate()),
                "ec", LocalKey.of(ec.getPublic(), ec.getPrivate())));
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(MESSAGE);

    // RS256 is deterministic: the same bytes as the JDK's SHA256withRSA over the message.
    Signature rs = Signature.getInstance("SHA256withRSA");
    rs.initSign(rsa.getPrivate());
    rs.update(MESSAGE);
    assertThat(c.sign(new SignRequest(digest, "RS256", "rsa"))).isEqualTo(rs.sign());

    // PS256 both ways with the JDK's RSASSA-PSS (salt = hash length).
    Signature ps = Signature.getInstance("RSASSA-PSS");
    ps.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    ps.initVerify(rsa.getPublic());
    ps.update(MESSAGE);
    assertThat(ps.verify(c.sign(new SignRequest(digest, "PS256", "rsa")))).isTrue();
    ps.initSign(rsa.getPrivate());
    ps.update(MESSAGE);
    byte[] jdkPss = ps.sign();
    assertThat(c.verify(new VerifyRequest(digest, jdkPss, "PS256", "rsa"))).isTrue();
    jdkPss[10] ^= 1;
    assertThat(c.verify(new VerifyRequest(digest, jdkPss, "PS256", "rsa"))).isFalse();

    // ES256: DER signatures, as Go's ecdsa.SignASN1.
    Signature es = Signature.getInstance("SHA256withECDSA");
    es.initVerify(ec.getPublic());
    es.update(MESSAGE);
    assertThat(es.verify(c.sign(new SignRequest(digest, "ES256", "ec")))).isTrue();
    assertThat(c.verify(new VerifyRequest(digest, new byte[] {1, 2, 3}, "ES256", "ec"))).isFalse();
  }
}
