package dev.plumb.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.secrets.SecretAccessDeniedException;
import dev.plumb.api.secrets.SecretStore;
import dev.plumb.runtime.internal.resources.Resources;
import dev.plumb.runtime.internal.resources.SubscriptionResource;
import dev.plumb.runtime.internal.resources.Warnings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A folder written for Dapr loads unchanged. Only the runtime's own providers are on the test
 * classpath, so the Redis state store is reported as a missing artifact.
 */
class DaprYamlCompatibilityTest {
  private static final Path FOLDER = Path.of("src/test/resources/dapr-compat");

  @Test
  void theFullFolderAsksForTheRedisArtifact() {
    assertThatThrownBy(
            () -> Plumb.builder().appId("order-service").resources(FOLDER).build().close())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "component 'statestore' ("
                + FOLDER.resolve("statestore.yaml")
                + ":8): no provider for type 'state.redis' v1 on the classpath; add"
                + " dev.plumb:plumb-state-redis")
        .satisfies(e -> assertThat(((ConfigurationException) e).problems()).hasSize(1));
  }

  @Test
  void theFolderWithoutRedisLoads() throws IOException {
    Path[] files;
    try (Stream<Path> list = Files.list(FOLDER)) {
      files =
          list.filter(p -> !p.getFileName().toString().equals("statestore.yaml"))
              .sorted()
              .toArray(Path[]::new);
    }
    try (Plumb plumb = Plumb.builder().appId("order-service").resources(files).build()) {
      SecretStore secrets = plumb.secretStore("localsecretstore");
      assertThat(secrets.get("redisPassword"))
          .isEqualTo(Map.of("redisPassword", "compat-redis-pass"));
      assertThat(secrets.get("connectionStrings:sql"))
          .isEqualTo(Map.of("connectionStrings:sql", "Server=sql;Database=orders"));
      assertThatThrownBy(() -> secrets.get("hidden"))
          .isInstanceOf(SecretAccessDeniedException.class)
          .hasMessage("access denied by policy to get \"hidden\" from \"localsecretstore\"");
      assertThat(secrets.getBulk())
          .containsOnlyKeys("redisPassword", "connectionStrings:sql", "connectionStrings:mysql");

      Resources resources = Resources.load(List.of(FOLDER), "order-service", "", new Warnings());
      SubscriptionResource sub = resources.subscriptions().get(0);
      assertThat(sub.pubsubName()).isEqualTo("pubsub");
      assertThat(sub.topic()).isEqualTo("orders");
      assertThat(sub.rules())
          .extracting(SubscriptionResource.Rule::path)
          .containsExactly("/widgets", "/gadgets");
      assertThat(sub.defaultRoute()).isEqualTo("/products");
      assertThat(sub.deadLetterTopic()).isEqualTo("poisonMessages");
      assertThat(sub.bulkSubscribe())
          .isEqualTo(new SubscriptionResource.BulkSubscribe(true, 100, 40));
      assertThat(resources.resiliencies()).hasSize(1);
      assertThat(resources.resiliencies().get(0).name()).isEqualTo("myresiliency");
      assertThat(resources.configurations().get(0).samplingRate().getAsDouble()).isEqualTo(1.0);
    }
  }

  @Test
  void anotherAppSeesNeitherTheScopedComponentNorTheScopedResources() {
    try (Plumb plumb = Plumb.builder().appId("inventory").resources(FOLDER).build()) {
      Resources resources = Resources.load(List.of(FOLDER), "inventory", "", new Warnings());
      assertThat(resources.components())
          .extracting(c -> c.name())
          .containsExactly("localsecretstore");
      assertThat(resources.subscriptions()).isEmpty();
      assertThat(resources.resiliencies()).isEmpty();
      assertThat(List.of(plumb.secretStore("localsecretstore").name()))
          .containsExactly("localsecretstore");
    }
  }
}
