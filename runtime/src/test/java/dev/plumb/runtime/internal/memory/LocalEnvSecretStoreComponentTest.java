package dev.plumb.runtime.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.secrets.spi.BulkGetSecretRequest;
import dev.plumb.api.secrets.spi.GetSecretRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalEnvSecretStoreComponentTest {
  private static final Map<String, String> ENV =
      Map.of(
          "MYAPP_DB", "db-pass",
          "MYAPP_", "empty-name",
          "OTHER", "other",
          "DAPR_API_TOKEN", "t",
          "MYAPP_DAPR_X", "fine",
          "APP_API_TOKEN", "t2");

  @Test
  void withoutPrefixReadsEveryVariableButDaprs() {
    LocalEnvSecretStoreComponent s = new LocalEnvSecretStoreComponent("", () -> ENV);
    assertThat(s.getSecret(GetSecretRequest.of("OTHER"))).isEqualTo(Map.of("OTHER", "other"));
    assertThat(s.getSecret(GetSecretRequest.of("MISSING"))).isNull();
    assertThat(s.getSecret(GetSecretRequest.of("DAPR_API_TOKEN"))).isNull();
    assertThat(s.getSecret(GetSecretRequest.of("APP_API_TOKEN"))).isNull();
    assertThat(s.bulkGetSecret(new BulkGetSecretRequest(Map.of())))
        .containsOnlyKeys("MYAPP_DB", "MYAPP_", "OTHER", "MYAPP_DAPR_X")
        .containsEntry("OTHER", Map.of("OTHER", "other"));
  }

  @Test
  void withPrefixOnlyItsVariablesNamedWithoutIt() {
    LocalEnvSecretStoreComponent s = new LocalEnvSecretStoreComponent("MYAPP_", () -> ENV);
    assertThat(s.getSecret(GetSecretRequest.of("DB"))).isEqualTo(Map.of("DB", "db-pass"));
    assertThat(s.getSecret(GetSecretRequest.of("OTHER"))).isNull();
    assertThat(s.getSecret(GetSecretRequest.of("DAPR_X"))).isEqualTo(Map.of("DAPR_X", "fine"));
    assertThat(s.bulkGetSecret(new BulkGetSecretRequest(Map.of())))
        .isEqualTo(Map.of("DB", Map.of("DB", "db-pass"), "DAPR_X", Map.of("DAPR_X", "fine")));
  }
}
