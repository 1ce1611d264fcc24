package dev.plumb.runtime.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderIndexTest {
  @Test
  void findsTheBuiltInProvidersCaseInsensitively() {
    ProviderIndex index = ProviderIndex.discover(getClass().getClassLoader(), List.of());
    assertThat(index.find("lock.in-memory", "v1")).isPresent();
    assertThat(index.find("SecretStores.Local.File", "V1")).isPresent();
    assertThat(index.find("secretstores.local.env", "v1")).isPresent();
    assertThat(index.find("lock.in-memory", "v2")).isEmpty();
    assertThat(index.versionsOf("lock.in-memory")).containsExactly("v1");
    assertThat(index.types())
        .containsExactlyInAnyOrder(
            "lock.in-memory",
            "state.in-memory",
            "secretstores.local.env",
            "secretstores.local.file");
  }

  @Test
  void formatsDurationsAsDaprWritesThem() {
    assertThat(ComponentRegistry.format(Duration.ofMillis(200))).isEqualTo("200ms");
    assertThat(ComponentRegistry.format(Duration.ofSeconds(5))).isEqualTo("5s");
    assertThat(ComponentRegistry.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(ComponentRegistry.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(ComponentRegistry.format(Duration.ofHours(2))).isEqualTo("2h");
  }
}
