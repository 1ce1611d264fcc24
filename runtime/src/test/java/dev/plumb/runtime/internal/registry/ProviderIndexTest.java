package dev.plumb.runtime.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderIndexTest {
  @Test
  void derivesTheArtifactFromTheType() {
    assertThat(ProviderIndex.artifactFor("state.redis")).isEqualTo("plumb-state-redis");
    assertThat(ProviderIndex.artifactFor("state.postgresql")).isEqualTo("plumb-state-postgresql");
    assertThat(ProviderIndex.artifactFor("secretstores.local.file"))
        .isEqualTo("plumb-secretstores-local-file");
    assertThat(ProviderIndex.artifactFor("Bindings.AWS.S3")).isEqualTo("plumb-bindings-aws-s3");
  }

  @Test
  void findsTheBuiltInProvidersCaseInsensitively() {
    ProviderIndex index = ProviderIndex.discover(getClass().getClassLoader(), List.of());
    assertThat(index.find("lock.in-memory", "v1")).isPresent();
    assertThat(index.find("SecretStores.Local.File", "V1")).isPresent();
    assertThat(index.find("secretstores.local.env", "v1")).isPresent();
    assertThat(index.find("lock.in-memory", "v2")).isEmpty();
    assertThat(index.versionsOf("lock.in-memory")).containsExactly("v1");
  }
}
