package dev.plumb.common.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumb.api.crypto.CryptoException;
import dev.plumb.api.crypto.EncryptResult;
import dev.plumb.api.crypto.spi.DecryptRequest;
import dev.plumb.api.crypto.spi.EncryptRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** dapr/kit's {@code crypto/symmetric-test-vectors.json}, through the subtle operations. */
class SymmetricVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  static Stream<Arguments> vectors() throws IOException {
    JsonNode root;
    try (InputStream in =
        SymmetricVectorsTest.class.getResourceAsStream("/dapr-kit/symmetric-test-vectors.json")) {
      root = new ObjectMapper().readTree(in);
    }
    List<Arguments> all = new ArrayList<>();
    root.fields()
        .forEachRemaining(
            group -> {
              int i = 0;
              for (JsonNode v : group.getValue()) {
                String name = v.has("name") ? v.get("name").asText() : "#" + i;
                all.add(
                    Arguments.of(
                        group.getKey() + " " + v.get("algorithm").asText() + " " + name, v));
                i++;
              }
            });
    return all.stream();
  }

  private static byte[] hex(JsonNode v, String field) {
    return v.has(field) ? HEX.parseHex(v.get(field).asText()) : null;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void encryptsAndDecryptsAsDaprKit(String name, JsonNode v) throws Exception {
    String alg = v.get("algorithm").asText();
    MapCryptoComponent c = new MapCryptoComponent(Map.of("k", LocalKey.symmetric(hex(v, "key"))));
    byte[] nonce = hex(v, "nonce");
    byte[] aad = hex(v, "associatedData");
    byte[] plaintext = hex(v, "plaintext");
    byte[] ciphertext = hex(v, "ciphertext");
    byte[] tag = hex(v, "tag");

    EncryptResult r = c.encrypt(new EncryptRequest(plaintext, alg, "k", nonce, aad));
    assertThat(HEX.formatHex(r.ciphertext())).isEqualTo(HEX.formatHex(ciphertext));
    if (tag != null) {
      assertThat(HEX.formatHex(r.tag())).isEqualTo(HEX.formatHex(tag));
    }
    assertThat(c.decrypt(new DecryptRequest(ciphertext, alg, "k", nonce, tag, aad)))
        .isEqualTo(plaintext);
    if (tag != null) {
      byte[] bad = tag.clone();
      bad[0] ^= 1;
      assertThatThrownBy(() -> c.decrypt(new DecryptRequest(ciphertext, alg, "k", nonce, bad, aad)))
          .isInstanceOf(CryptoException.class)
          .hasMessageContaining("message authentication failed");
    }
  }
}
