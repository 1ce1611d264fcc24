package dev.plumb.runtime.internal.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ComponentException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.secrets.SecretAccessDeniedException;
import dev.plumb.api.secrets.SecretNotFoundException;
import dev.plumb.api.secrets.spi.BulkGetSecretRequest;
import dev.plumb.api.secrets.spi.GetSecretRequest;
import dev.plumb.api.secrets.spi.SecretStoreComponent;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.runtime.internal.Invokers;
import dev.plumb.runtime.internal.LoadedComponent;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class DefaultSecretStoreTest {
  private static final Map<String, Map<String, String>> SECRETS =
      Map.of(
          "s1", Map.of("s1", "v1"),
          "s2", Map.of("s2", "v2"),
          "s3", Map.of("s3", "v3"));

  /** A secret store over a fixed map. */
  private static final class MapStore implements SecretStoreComponent {
    @Override
    public Map<String, String> getSecret(GetSecretRequest request) {
      if (request.name().equals("boom")) {
        throw new IllegalStateException("backend down");
      }
      return SECRETS.get(request.name());
    }

    @Override
    public Map<String, Map<String, String>> bulkGetSecret(BulkGetSecretRequest request) {
      return SECRETS;
    }
  }

  private static DefaultSecretStore store(SecretScope scope) {
    return new DefaultSecretStore(
        new LoadedComponent<>(
            "mystore",
            "secretstores.test",
            "v1",
            new MapStore(),
            ComponentMetadata.of("test", Map.of()),
            Invokers.direct("mystore", "secretstores.test", Runnable::run),
            Invokers.direct("mystore", "secretstores.test", Runnable::run)),
        scope);
  }

  private static Set<String> allowed(SecretScope scope) {
    return store(scope).getBulk().keySet();
  }

  @Test
  void withoutAScopeEverySecretIsAllowed() {
    DefaultSecretStore s = store(null);
    assertThat(s.name()).isEqualTo("mystore");
    assertThat(s.get("s1")).isEqualTo(Map.of("s1", "v1"));
    assertThat(s.getBulk()).isEqualTo(SECRETS);
  }

  @Test
  void appliesDaprsScopeTable() {
    assertThat(allowed(new SecretScope("mystore", true, Set.of(), Set.of())))
        .containsExactlyInAnyOrder("s1", "s2", "s3");
    assertThat(allowed(new SecretScope("mystore", false, Set.of(), Set.of()))).isEmpty();
    assertThat(allowed(new SecretScope("mystore", false, Set.of("s1"), Set.of())))
        .containsExactly("s1");
    assertThat(allowed(new SecretScope("mystore", true, Set.of(), Set.of("s1"))))
        .containsExactlyInAnyOrder("s2", "s3");
    assertThat(allowed(new SecretScope("mystore", true, Set.of("s1"), Set.of())))
        .containsExactly("s1");
    assertThat(allowed(new SecretScope("mystore", false, Set.of(), Set.of("s1")))).isEmpty();
    assertThat(allowed(new SecretScope("mystore", true, Set.of("s1"), Set.of("s2"))))
        .containsExactly("s1");
  }

  @Test
  void aDeniedSecretIsRefusedWithDaprsMessage() {
    DefaultSecretStore s = store(new SecretScope("mystore", true, Set.of(), Set.of("s2")));
    assertThatThrownBy(() -> s.get("s2"))
        .isInstanceOf(SecretAccessDeniedException.class)
        .hasMessage("access denied by policy to get \"s2\" from \"mystore\"");
    assertThatThrownBy(() -> s.async().get("s2").toCompletableFuture().get())
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(SecretAccessDeniedException.class);
    assertThat(s.get("s1")).containsEntry("s1", "v1");
  }

  @Test
  void missingSecretsAndFailuresSurface() throws Exception {
    DefaultSecretStore s = store(null);
    assertThatThrownBy(() -> s.get("nope"))
        .isInstanceOf(SecretNotFoundException.class)
        .hasMessage("secret 'nope' is not found in secret store 'mystore'");
    assertThatThrownBy(() -> s.get("")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> s.get("boom"))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("getSecret failed: backend down");
    assertThat(s.async().get("s3").toCompletableFuture().get()).isEqualTo(Map.of("s3", "v3"));
    assertThat(s.async().get("s3", Map.of("version_id", "1")).toCompletableFuture().get())
        .isEqualTo(Map.of("s3", "v3"));
    assertThatThrownBy(() -> s.async().get("nope").toCompletableFuture().get())
        .hasCauseInstanceOf(SecretNotFoundException.class);
    assertThat(s.async().getBulk().toCompletableFuture().get()).hasSize(3);
    assertThat(s.toString()).doesNotContain("v1");
  }
}
