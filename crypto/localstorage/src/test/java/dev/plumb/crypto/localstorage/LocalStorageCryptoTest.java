package dev.plumb.crypto.localstorage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.crypto.CryptoException;
import dev.plumb.api.crypto.Cryptography;
import dev.plumb.api.crypto.DataEncryptionCipher;
import dev.plumb.api.crypto.DecryptOptions;
import dev.plumb.api.crypto.EncryptOptions;
import dev.plumb.api.crypto.KeyWrapAlgorithm;
import dev.plumb.api.crypto.spi.CryptoComponent;
import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.crypto.CryptoConformanceKit;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStorageCryptoTest {
  @TempDir Path dir;
  @TempDir Path outside;

  @BeforeEach
  void keys() throws Exception {
    CryptoConformanceKit.copyDaprKeyFiles(dir);
    Files.createDirectories(dir.resolve("team"));
    Files.writeString(
        dir.resolve("team/wrap-only.json"),
        "{\"kty\":\"oct\",\"k\":\"" + "A".repeat(43) + "\",\"key_ops\":[\"unwrapKey\"]}");
    Files.writeString(
        outside.resolve("secret.b64"), "RjJPhQzsDB5dvjQZ+85l/D/SBXWCBFx7IVsesenVvts=");
  }

  private Plumb plumb() {
    return Plumb.builder()
        .component("keys", "crypto.dapr.localstorage", Map.of("path", dir.toString()))
        .build();
  }

  @Test
  void encryptsAndDecryptsDocumentsWithEveryWrapAndCipher() throws Exception {
    byte[] data = new byte[200_000];
    new SecureRandom().nextBytes(data);
    try (Plumb plumb = plumb()) {
      Cryptography crypto = plumb.crypto("keys");
      for (DataEncryptionCipher cipher : DataEncryptionCipher.values()) {
        for (String[] key :
            new String[][] {{"symmetric-256.b64", "AES"}, {"rsa-private.pem", "RSA"}}) {
          EncryptOptions o =
              EncryptOptions.builder(key[0], KeyWrapAlgorithm.fromDapr(key[1]))
                  .dataEncryptionCipher(cipher)
                  .build();
          byte[] doc = crypto.encrypt(data, o);
          assertThat(crypto.decrypt(doc, DecryptOptions.DEFAULT)).isEqualTo(data);
          Path file = dir.resolve("doc.enc");
          try (InputStream in = crypto.encrypt(new java.io.ByteArrayInputStream(data), o);
              OutputStream out = Files.newOutputStream(file)) {
            in.transferTo(out);
          }
          try (InputStream in = crypto.decrypt(Files.newInputStream(file), null)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
          }
        }
      }
      // RSA-OAEP-256 with the public key, unwrapped with the private one named in the document.
      byte[] doc =
          crypto.encrypt(
              data,
              EncryptOptions.builder("rsa-private.pem", KeyWrapAlgorithm.RSA_OAEP_256).build());
      assertThat(new String(doc, 0, 60, StandardCharsets.UTF_8))
          .contains("\"k\":\"rsa-private.pem\"");
      assertThat(crypto.decrypt(doc, null)).isEqualTo(data);
    }
  }

  @Test
  void keyNamesThatLeaveTheFolderAreRefused() throws Exception {
    Files.createSymbolicLink(dir.resolve("link.b64"), outside.resolve("secret.b64"));
    try (TestComponentContext ctx =
        new TestComponentContext(
            "keys", "crypto.dapr.localstorage", Map.of("path", dir.toString()))) {
      CryptoComponent c = ctx.createComponent(CryptoComponent.class);
      byte[] fk = new byte[32];
      for (String name :
          new String[] {
            "../" + outside.getFileName() + "/secret.b64", "team/../symmetric-256.b64", "a..b"
          }) {
        assertThatThrownBy(
                () ->
                    c.wrapKey(
                        new dev.plumb.api.crypto.spi.WrapKeyRequest(
                            fk, "A256KW", name, null, null)))
            .as(name)
            .isInstanceOf(CryptoException.class)
            .hasMessage(
                "crypto component keys: wrapKey with key '"
                    + name
                    + "' and algorithm A256KW: invalid key path: cannot contain '..'");
      }
      assertThatThrownBy(
              () ->
                  c.wrapKey(
                      new dev.plumb.api.crypto.spi.WrapKeyRequest(
                          fk, "A256KW", "link.b64", null, null)))
          .isInstanceOf(CryptoException.class)
          .hasMessageContaining("invalid key path: it leads outside the key folder");
      // An absolute name is relative to the folder, as Go's filepath.Join makes it.
      assertThat(
              c.wrapKey(
                      new dev.plumb.api.crypto.spi.WrapKeyRequest(
                          fk, "A256KW", "/symmetric-256.b64", null, null))
                  .ciphertext())
          .hasSize(40);
      assertThatThrownBy(
              () ->
                  c.wrapKey(
                      new dev.plumb.api.crypto.spi.WrapKeyRequest(
                          fk, "A256KW", "nope", null, null)))
          .hasMessage(
              "crypto component keys: wrapKey with key 'nope' and algorithm A256KW: key not found");
    }
  }

  @Test
  void keyOpsThatForbidTheOperationFailEncryption() {
    try (Plumb plumb = plumb()) {
      Cryptography crypto = plumb.crypto("keys");
      assertThatThrownBy(
              () ->
                  crypto.encrypt(
                      new byte[10],
                      EncryptOptions.of("team/wrap-only.json", KeyWrapAlgorithm.A256KW)))
          .isInstanceOf(CryptoException.class)
          .hasMessage(
              "crypto component keys: wrapKey with key 'team/wrap-only.json' and algorithm A256KW:"
                  + " key cannot perform the 'wrapKey' operation");
      // rsa-public.json says alg RSA-OAEP: RSA-OAEP-256 is refused.
      assertThatThrownBy(
              () ->
                  crypto.encrypt(
                      new byte[10],
                      EncryptOptions.of("rsa-public.json", KeyWrapAlgorithm.RSA_OAEP_256)))
          .isInstanceOf(CryptoException.class)
          .hasMessageContaining("key cannot be used with algorithm 'RSA-OAEP-256'");
    }
  }

  @Test
  void thePathMustBeAnExistingFolder() {
    assertThatThrownBy(
            () ->
                Plumb.builder()
                    .component(
                        "keys",
                        "crypto.dapr.localstorage",
                        Map.of("path", dir.resolve("missing").toString()))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("metadata 'path'");
  }
}
