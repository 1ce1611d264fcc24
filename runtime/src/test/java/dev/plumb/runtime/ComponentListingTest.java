package dev.plumb.runtime;

import static dev.plumb.runtime.TestFiles.component;
import static dev.plumb.runtime.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ComponentNotFoundException;
import dev.plumb.api.ConfigurationException;
import dev.plumb.api.lock.LockStore;
import dev.plumb.api.pubsub.PubSub;
import dev.plumb.api.state.StateStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listing containers build on: planned and served components, lookup by API, ping, overrides.
 */
class ComponentListingTest {
  @TempDir Path dir;

  private Path resources() {
    write(dir, "a.yaml", component("orders", "state.in-memory", "version: v1"));
    write(dir, "b.yaml", component("events", "pubsub.in-memory", "version: v1"));
    write(
        dir,
        "c.yaml",
        component(
            "cache",
            "state.redis",
            "version: v1",
            "metadata:",
            "- name: redisHost",
            "  value: 127.0.0.1:1"));
    return dir;
  }

  @Test
  void plannedComponentsListEveryComponentByBlockWithoutCreatingAny() {
    Plumb.Builder b = Plumb.builder().resources(resources());
    // state.redis has no provider on this class path: listed by its type's block all the same.
    assertThat(b.plannedComponents())
        .containsExactly(
            new ComponentInfo("orders", "state.in-memory", "v1", StateStore.class),
            new ComponentInfo("events", "pubsub.in-memory", "v1", PubSub.class),
            new ComponentInfo("cache", "state.redis", "v1", StateStore.class));
  }

  @Test
  void replacedComponentsAreBuiltWithTheirNewTypeAndListedAndFoundByApi() {
    Plumb.Builder b =
        Plumb.builder()
            .resources(resources())
            .replaceComponent("cache", "state.in-memory", Map.of())
            .metadata("events", "notAField", "1");
    assertThat(b.plannedComponents())
        .contains(new ComponentInfo("cache", "state.in-memory", "v1", StateStore.class));
    try (Plumb plumb = b.build()) {
      assertThat(plumb.components())
          .containsExactlyInAnyOrder(
              new ComponentInfo("orders", "state.in-memory", "v1", StateStore.class),
              new ComponentInfo("cache", "state.in-memory", "v1", StateStore.class),
              new ComponentInfo("events", "pubsub.in-memory", "v1", PubSub.class));
      assertThat(plumb.component(StateStore.class, "cache")).isSameAs(plumb.stateStore("cache"));
      assertThat(plumb.ping("orders")).isTrue();
      assertThat(plumb.warnings()).anyMatch(w -> w.contains("notAField"));
      assertThatThrownBy(() -> plumb.component(LockStore.class, "orders"))
          .isInstanceOf(ComponentNotFoundException.class);
      assertThatThrownBy(() -> plumb.ping("nosuch"))
          .isInstanceOf(ComponentNotFoundException.class)
          .hasMessageContaining("nosuch");
    }
  }

  @Test
  void overridesOfComponentsThatAreNotLoadedFailTheBuildNamingThem() {
    assertThatThrownBy(
            () -> Plumb.builder().resources(resources()).metadata("ghost", "k", "v").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("[ghost]");
    assertThatThrownBy(
            () ->
                Plumb.builder()
                    .resources(resources())
                    .replaceComponent("phantom", "state.in-memory", Map.of())
                    .plannedComponents())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("[phantom]");
  }
}
