package dev.plumb.crypto.jwks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.crypto.CryptoException;
import dev.plumb.api.crypto.spi.CryptoComponent;
import dev.plumb.api.crypto.spi.WrapKeyRequest;
import dev.plumb.testkit.TestClock;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.TestScheduler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwksCryptoTest {
  private static final byte[] FK = new byte[32];

  private static String set(String kid) {
    return "{\"keys\":[{\"kty\":\"oct\",\"kid\":\""
        + kid
        + "\",\"k\":\""
        + "B".repeat(43)
        + "\"}]}";
  }

  private final TestScheduler scheduler =
      new TestScheduler(new TestClock(Instant.parse("2026-01-01T00:00:00Z")));

  private CryptoComponent create(String jwks, Map<String, String> more) throws Exception {
    java.util.Map<String, String> m = new java.util.HashMap<>(more);
    m.put("jwks", jwks);
    return new TestComponentContext("keys", "crypto.dapr.jwks", m)
        .withScheduler(scheduler)
        .createComponent(CryptoComponent.class);
  }

  private static boolean has(CryptoComponent c, String kid) throws Exception {
    try {
      c.wrapKey(new WrapKeyRequest(FK, "A256KW", kid, null, null));
      return true;
    } catch (CryptoException e) {
      if (e.getMessage().endsWith("key not found")) {
        return false;
      }
      throw e;
    }
  }

  @Test
  void aUrlIsRefreshedEveryMinRefreshIntervalAndAFailedRefreshKeepsTheLastSet() throws Exception {
    JwksServer server = JwksServer.INSTANCE;
    server.status.set(200);
    server.body.set(set("first"));
    try (CryptoComponent c = create(server.url(), Map.of("minRefreshInterval", "1m"))) {
      assertThat(has(c, "first")).isTrue();
      server.body.set(set("second"));
      scheduler.advance(Duration.ofSeconds(59));
      assertThat(has(c, "second")).isFalse();
      scheduler.advance(Duration.ofSeconds(1));
      assertThat(has(c, "second")).isTrue();
      assertThat(has(c, "first")).isFalse();
      server.status.set(500);
      scheduler.advance(Duration.ofMinutes(1));
      assertThat(has(c, "second")).isTrue();
    } finally {
      server.status.set(200);
    }
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void aFileIsReReadWhenItChanges(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("jwks.json");
    Files.writeString(file, set("first"));
    try (CryptoComponent c = create(file.toString(), Map.of())) {
      assertThat(has(c, "first")).isTrue();
      Files.writeString(file, set("second-longer"));
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
      scheduler.advance(Duration.ofSeconds(JwksCryptoComponent.FILE_CHECK_SECONDS));
      assertThat(has(c, "second-longer")).isTrue();
    }
  }

  @Test
  void inlineJsonMayBeBase64() throws Exception {
    String b64 = Base64.getEncoder().encodeToString(set("b64").getBytes(StandardCharsets.UTF_8));
    try (CryptoComponent c = create(b64, Map.of())) {
      assertThat(has(c, "b64")).isTrue();
      assertThat(scheduler.pending()).isZero();
    }
  }

  @Test
  void badSetsFailTheStartClearly() {
    assertThatThrownBy(() -> create("not a jwks", Map.of()))
        .isInstanceOf(CryptoException.class)
        .hasMessage(
            "crypto component keys: failed to parse metadata 'jwks': not a URL, path to local file,"
                + " or JSON value (optionally base64-encoded)");
    JwksServer.INSTANCE.status.set(404);
    try {
      assertThatThrownBy(() -> create(JwksServer.INSTANCE.url(), Map.of()))
          .isInstanceOf(CryptoException.class)
          .hasMessageContaining("HTTP status 404");
    } finally {
      JwksServer.INSTANCE.status.set(200);
    }
  }
}
