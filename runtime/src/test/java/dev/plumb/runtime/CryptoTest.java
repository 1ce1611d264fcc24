package dev.plumb.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ComponentNotFoundException;
import dev.plumb.api.crypto.CryptoException;
import dev.plumb.api.crypto.Cryptography;
import dev.plumb.api.crypto.DecryptOptions;
import dev.plumb.api.crypto.EncryptOptions;
import dev.plumb.api.crypto.KeyWrapAlgorithm;
import dev.plumb.api.crypto.spi.CryptoComponent;
import dev.plumb.runtime.internal.crypto.KeyWrapComponent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CryptoTest {
  private static Plumb plumb() {
    return Plumb.builder()
        .provider(
            TestProviders.provider(
                "crypto.test",
                CryptoComponent.class,
                ctx -> new KeyWrapComponent(Map.of("kek", new byte[32]))))
        .component("vault", "crypto.test", Map.of())
        .component("vault2", "crypto.test", Map.of())
        .build();
  }

  @Test
  void cryptoComponentsAreServedByName() {
    try (Plumb plumb = plumb()) {
      Cryptography crypto = plumb.crypto("vault");
      assertThat(plumb.crypto("vault")).isSameAs(crypto);
      assertThat(crypto.name()).isEqualTo("vault");
      byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
      byte[] doc = crypto.encrypt(hello, EncryptOptions.of("kek", KeyWrapAlgorithm.A256KW));
      assertThat(plumb.crypto("vault2").decrypt(doc, DecryptOptions.DEFAULT)).isEqualTo(hello);
      assertThat(crypto.subtle().supportedEncryptionAlgorithms()).containsExactly("A256KW");
      assertThatThrownBy(() -> crypto.subtle().getKey("kek")).isInstanceOf(CryptoException.class);
    }
  }

  @Test
  void anUnknownNameListsTheLoadedComponents() {
    try (Plumb plumb = plumb()) {
      assertThatThrownBy(() -> plumb.crypto("nope"))
          .isInstanceOf(ComponentNotFoundException.class)
          .hasMessage("crypto component 'nope' is not found; crypto components: vault, vault2");
    }
    try (Plumb empty = Plumb.builder().build()) {
      assertThatThrownBy(() -> empty.crypto("nope"))
          .isInstanceOf(ComponentNotFoundException.class)
          .hasMessage("crypto component 'nope' is not found; no crypto components are configured");
    }
  }

  @Test
  void anUnknownKeyWrapAlgorithmIsAClearError() {
    assertThatThrownBy(() -> KeyWrapAlgorithm.fromDapr("A512KW"))
        .hasMessage("algorithm A512KW is not supported");
  }
}
