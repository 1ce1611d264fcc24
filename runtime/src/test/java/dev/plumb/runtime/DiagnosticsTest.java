package dev.plumb.runtime;

import static dev.plumb.runtime.TestFiles.component;
import static dev.plumb.runtime.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.ConfigurationException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warnings reach an application without a logging binding, and a component no provider serves is
 * explained: the artifact to add, a Dapr type not supported yet, or the type a typo meant.
 */
class DiagnosticsTest {
  @TempDir Path dir;

  private ConfigurationException buildFails(Plumb.Builder builder) {
    try {
      builder.build().close();
    } catch (ConfigurationException e) {
      return e;
    }
    throw new AssertionError("the build should have failed");
  }

  private static List<String> suppressed(Throwable e) {
    return Arrays.stream(e.getSuppressed()).map(Throwable::getMessage).toList();
  }

  @Test
  void warningsAreReadableFromPlumbWithoutALoggingBinding() {
    Path secrets = write(dir, "secrets.json", "{\"a\": \"b\"}");
    Path env =
        write(
            dir,
            "a-env.yaml",
            component("envstore", "secretstores.local.env", "verion: v1", "metadata:"));
    Path file =
        write(
            dir,
            "b-file.yaml",
            component(
                "filestore",
                "secretstores.local.file",
                "metadata:",
                "- name: secretsFile",
                "  value: " + secrets,
                "- name: nestedSeperator",
                "  value: ':'"));
    Path state =
        write(
            dir,
            "c-state.yaml",
            component(
                "statestore",
                "state.in-memory",
                "metadata:",
                "- name: keyPrefix",
                "  envRef: PLUMB_TEST_UNSET"));
    Path notes = write(dir, "notes.txt", "not a resource");
    try (Plumb plumb = Plumb.builder().resources(dir).env(Map.<String, String>of()::get).build()) {
      assertThat(plumb.warnings())
          .containsExactly(
              "skipping " + notes + ": not a .yaml or .yml file",
              "skipping " + secrets + ": not a .yaml or .yml file",
              "component 'envstore' ("
                  + env
                  + ":1): field 'spec.verion' ("
                  + env
                  + ":7) is unknown to Dapr and ignored; did you mean 'spec.version'?",
              "component 'filestore' ("
                  + file
                  + ":1): metadata field 'nestedSeperator' ("
                  + file
                  + ":10) is not used by type 'secretstores.local.file'; check its spelling"
                  + " (did you mean 'nestedSeparator'?)",
              "component 'statestore' ("
                  + state
                  + ":1): metadata 'keyPrefix' ("
                  + state
                  + ":8): environment variable 'PLUMB_TEST_UNSET' is not set; using ''");
    }
  }

  @Test
  void aFailedBuildCarriesTheWarningsAsSuppressedExceptions() {
    Path f =
        write(
            dir,
            "c.yaml",
            "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: store\n"
                + "spec:\n  tpye: state.in-memory\n");
    ConfigurationException e = buildFails(Plumb.builder().resources(f));
    assertThat(e.problems())
        .containsExactly("component 'store' (" + f + ":1): field 'spec.type' is missing");
    assertThat(suppressed(e))
        .containsExactly(
            "component 'store' ("
                + f
                + ":1): field 'spec.tpye' ("
                + f
                + ":6) is unknown to Dapr and ignored; did you mean 'spec.type'?");
  }

  @Test
  void everyComponentNoProviderServesIsExplained() {
    Path pubsub = write(dir, "a.yaml", component("pubsub", "pubsub.rabbitmq"));
    Path typo = write(dir, "b.yaml", component("cache", "state.rediss"));
    Path redis = write(dir, "c.yaml", component("statestore", "state.redis"));
    ConfigurationException e = buildFails(Plumb.builder().resources(dir));
    assertThat(e.problems())
        .containsExactly(
            "component 'pubsub' ("
                + pubsub
                + ":6): type 'pubsub.rabbitmq' is a Dapr component type that Plumb does not support"
                + " yet; remove the component, set spec.ignoreErrors: true, or build with"
                + " Plumb.builder().skipUnsupportedComponents() to skip it with a warning",
            "component 'cache' ("
                + typo
                + ":6): unknown type 'state.rediss'; did you mean"
                + " 'state.redis'?",
            "component 'statestore' ("
                + redis
                + ":6): no provider for type 'state.redis' v1 on the classpath; add"
                + " dev.plumb:plumb-state-redis");
  }

  @Test
  void unsupportedDaprTypesCanBeSkippedButTyposStillFail() {
    Path pubsub = write(dir, "a.yaml", component("pubsub", "pubsub.rabbitmq"));
    Path lock =
        write(dir, "b.yaml", component("lock", "configuration.kubernetes", "ignoreErrors: true"));
    write(dir, "c.yaml", component("statestore", "state.in-memory"));
    try (Plumb plumb = Plumb.builder().resources(dir).skipUnsupportedComponents().build()) {
      assertThat(plumb.stateStore("statestore").name()).isEqualTo("statestore");
      assertThat(plumb.warnings())
          .containsExactly(
              "component 'pubsub' ("
                  + pubsub
                  + ":6): type 'pubsub.rabbitmq' is a Dapr component type that Plumb does not"
                  + " support yet; remove the component, set spec.ignoreErrors: true, or build"
                  + " with Plumb.builder().skipUnsupportedComponents() to skip it with a warning"
                  + " (skipUnsupportedComponents(), component skipped)",
              "component 'lock' ("
                  + lock
                  + ":6): type 'configuration.kubernetes' is a Dapr component type that Plumb does not"
                  + " support yet; remove the component, set spec.ignoreErrors: true, or build"
                  + " with Plumb.builder().skipUnsupportedComponents() to skip it with a warning"
                  + " (ignoreErrors: true, component skipped)");
    }
    Path typo = write(dir, "d.yaml", component("cache", "state.rediss"));
    ConfigurationException e =
        buildFails(Plumb.builder().resources(dir).skipUnsupportedComponents());
    assertThat(e.problems())
        .containsExactly(
            "component 'cache' ("
                + typo
                + ":6): unknown type 'state.rediss'; did you mean"
                + " 'state.redis'?");
    assertThat(suppressed(e)).hasSize(2);
  }

  @Test
  void metadataNamesFollowDaprsRules() {
    Path f =
        write(
            dir,
            "c.yaml",
            component(
                "statestore",
                "state.in-memory",
                "metadata:",
                "- name: keyPrefix",
                "  value: none",
                "- name: keyPrefix",
                "  value: name",
                "- name: KeyPrefix",
                "  value: appid"));
    ConfigurationException e = buildFails(Plumb.builder().resources(f));
    assertThat(e.problems())
        .containsExactly(
            "component 'statestore' ("
                + f
                + ":1): metadata 'keyPrefix' ("
                + f
                + ":10) and 'KeyPrefix' ("
                + f
                + ":12) name one field (names ignore case); keep one of them");
    assertThat(suppressed(e))
        .containsExactly(
            "component 'statestore' ("
                + f
                + ":1): metadata 'keyPrefix' ("
                + f
                + ":8) and 'keyPrefix' ("
                + f
                + ":10) are one field given twice; the later one is used");
  }
}
