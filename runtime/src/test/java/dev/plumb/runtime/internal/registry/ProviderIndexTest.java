package dev.plumb.runtime.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

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
            "configuration.in-memory",
            "lock.in-memory",
            "pubsub.in-memory",
            "state.in-memory",
            "secretstores.local.env",
            "secretstores.local.file");
  }
}
