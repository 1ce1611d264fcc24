package dev.plumb.api.crypto.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CryptoRequestsTest {
  private static final String SECRET = "top-secret";

  private static byte[] secret() {
    return SECRET.getBytes(StandardCharsets.UTF_8);
  }

  /** Each record built twice from equal but distinct arrays. */
  private static List<Object> build() {
    byte[] n = {1, 2, 3};
    return List.of(
        new EncryptRequest(secret(), "A256GCM", "k", n.clone(), secret()),
        new DecryptRequest(secret(), "A256GCM", "k", n.clone(), n.clone(), secret()),
        new WrapKeyRequest(secret(), "A256KW", "k", null, null),
        new UnwrapKeyRequest(secret(), "A256KW", "k", null, null, null),
        new SignRequest(secret(), "PS256", "k"),
        new VerifyRequest(secret(), secret(), "PS256", "k"));
  }

  @Test
  void compareArraysByContent() {
    List<Object> a = build();
    List<Object> b = build();
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i)).isEqualTo(b.get(i)).hasSameHashCodeAs(b.get(i));
    }
    assertThat(new SignRequest(secret(), "PS256", "k"))
        .isNotEqualTo(new SignRequest(new byte[] {1}, "PS256", "k"));
  }

  @Test
  void describeSizesNeverContent() {
    for (Object r : build()) {
      assertThat(r.toString()).contains("bytes").doesNotContain(SECRET).doesNotContain("[B@");
    }
    assertThat(new WrapKeyRequest(secret(), "A256KW", "k", null, null).toString())
        .contains("algorithm=A256KW", "keyName=k", "nonce=none");
  }

  @Test
  void requireAlgorithmAndKeyName() {
    byte[] d = secret();
    assertThatThrownBy(() -> new EncryptRequest(d, "", "k", null, null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("missing property 'algorithm'");
    assertThatThrownBy(() -> new DecryptRequest(d, "A256GCM", null, null, null, null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("missing property 'keyName'");
    assertThatThrownBy(() -> new VerifyRequest(d, null, "PS256", "k"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("signature");
  }
}
