package dev.plumb.runtime;

import static dev.plumb.runtime.TestFiles.component;
import static dev.plumb.runtime.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.lock.spi.LockComponent;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.runtime.internal.Redactor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code secretKeyRef} and {@code envRef} resolution, and that secret values never leak. */
class SecretReferenceTest {
  private static final String PASSWORD = "s3cr3t-Pa55w0rd";

  @TempDir Path dir;
  private Path secretsYaml;
  private final AtomicReference<ComponentMetadata> seen = new AtomicReference<>();

  @BeforeEach
  void secretStore() {
    write(
        dir,
        "secrets.json",
        "{\"redis\": {\"password\": \"" + PASSWORD + "\", \"user\": \"admin\"}, \"plain\": \"p\"}");
    secretsYaml =
        write(
            dir,
            "a-secrets.yaml",
            component(
                "localsecrets",
                "secretstores.local.file",
                "metadata:",
                "- name: secretsFile",
                "  value: " + dir.resolve("secrets.json"),
                "- name: multiValued",
                "  value: \"true\""));
  }

  private TestProviders.LambdaProvider<LockComponent> recorder() {
    return new TestProviders.LambdaProvider<>(
        "lock.recorder",
        java.util.Set.of("v1"),
        LockComponent.class,
        ctx -> {
          seen.set(ctx.metadata());
          ctx.metadata().getString("password");
          ctx.metadata().getString("user");
          ctx.metadata().getString("plain");
          ctx.metadata().getString("fromEnv");
          ctx.metadata().getString("unset");
          return new TestProviders.RecordingLock();
        });
  }

  private static String user(String... extra) {
    List<String> lines = new ArrayList<>(List.of("metadata:"));
    lines.addAll(List.of(extra));
    return component("user", "lock.recorder", lines.toArray(new String[0]));
  }

  private ConfigurationException buildFails(Plumb.Builder builder) {
    try {
      builder.build().close();
    } catch (ConfigurationException e) {
      return e;
    }
    throw new AssertionError("the build should have failed");
  }

  @Test
  void resolvesSecretKeyRefsAndEnvRefs() {
    write(
        dir,
        "b-user.yaml",
        user(
                "- name: password",
                "  secretKeyRef:",
                "    name: redis",
                "    key: password",
                "- name: user",
                "  secretKeyRef: {name: redis, key: user}",
                "- name: fromEnv",
                "  envRef: REDIS_HOST",
                "- name: unset",
                "  envRef: NOT_SET")
            + "auth:\n  secretStore: localsecrets\n");
    try (Plumb plumb =
        Plumb.builder()
            .resources(dir)
            .env(n -> n.equals("REDIS_HOST") ? "redis.local" : null)
            .provider(recorder())
            .build()) {
      ComponentMetadata m = seen.get();
      assertThat(m.getString("password")).contains(PASSWORD);
      assertThat(m.isSecret("password")).isTrue();
      assertThat(m.getString("user")).contains("admin");
      assertThat(m.getString("fromEnv")).contains("redis.local");
      assertThat(m.isSecret("fromEnv")).isFalse();
      assertThat(m.getString("unset")).isEmpty();
      assertThat(m.toString()).doesNotContain(PASSWORD);
      assertThat(plumb.lockStore("user").name()).isEqualTo("user");
    }
  }

  @Test
  void anOmittedKeyReadsTheKeyNamedLikeTheSecret() {
    write(dir, "secrets2.json", "{\"plain\": \"p-value\"}");
    Path store =
        write(
            dir,
            "plainsecrets.yaml",
            component(
                "plainsecrets",
                "secretstores.local.file",
                "metadata:",
                "- name: secretsFile",
                "  value: " + dir.resolve("secrets2.json")));
    Path u =
        write(
            dir,
            "u.yaml",
            user("- name: plain", "  secretKeyRef:", "    name: plain")
                + "auth:\n  secretStore: plainsecrets\n");
    try (Plumb plumb = Plumb.builder().resources(u, store).provider(recorder()).build()) {
      assertThat(seen.get().getString("plain")).contains("p-value");
      assertThat(plumb.secretStore("plainsecrets").getBulk()).containsOnlyKeys("plain");
    }
  }

  @Test
  void secretKeyRefWithoutAuthSecretStore() {
    Path u = write(dir, "u.yaml", user("- name: password", "  secretKeyRef: {name: redis}"));
    assertThat(buildFails(Plumb.builder().resources(u).provider(recorder())).getMessage())
        .isEqualTo(
            "component 'user' ("
                + u
                + ":1): metadata 'password' ("
                + u
                + ":8): secretKeyRef to secret 'redis' needs field 'auth.secretStore' naming a"
                + " secret store (on Kubernetes, Dapr reads it from its built-in 'kubernetes'"
                + " secret store, which Plumb does not have)");
  }

  @Test
  void secretKeyRefToAMissingStore() {
    Path u =
        write(
            dir,
            "u.yaml",
            user("- name: password", "  secretKeyRef: {name: redis, key: password}")
                + "auth:\n  secretStore: vault\n");
    assertThat(
            buildFails(Plumb.builder().resources(secretsYaml, u).provider(recorder())).getMessage())
        .isEqualTo(
            "component 'user' ("
                + u
                + ":1): metadata 'password' ("
                + u
                + ":8): secretKeyRef to secret 'redis': secret store 'vault' (auth.secretStore)"
                + " is not defined");
  }

  @Test
  void secretKeyRefToTheKubernetesStoreSaysPlumbHasNone() {
    Path u =
        write(
            dir,
            "u.yaml",
            user("- name: password", "  secretKeyRef: {name: redis, key: password}")
                + "auth:\n  secretStore: kubernetes\n");
    assertThat(buildFails(Plumb.builder().resources(u).provider(recorder())).getMessage())
        .isEqualTo(
            "component 'user' ("
                + u
                + ":1): metadata 'password' ("
                + u
                + ":8): secretKeyRef to secret 'redis': secret store 'kubernetes'"
                + " (auth.secretStore) is not defined; Dapr's built-in Kubernetes secret store"
                + " does not exist in Plumb: define a secret store named 'kubernetes' that holds"
                + " these secrets");
  }

  @Test
  void secretKeyRefToAMissingSecretOrKey() {
    Path u =
        write(
            dir,
            "u.yaml",
            user(
                    "- name: password",
                    "  secretKeyRef: {name: nope, key: password}",
                    "- name: user",
                    "  secretKeyRef: {name: redis, key: nokey}")
                + "auth:\n  secretStore: localsecrets\n");
    ConfigurationException e =
        buildFails(Plumb.builder().resources(secretsYaml, u).provider(recorder()));
    assertThat(e.problems())
        .containsExactly(
            "component 'user' ("
                + u
                + ":1): metadata 'password' ("
                + u
                + ":8): secret 'nope' is not found in secret store 'localsecrets'",
            "component 'user' ("
                + u
                + ":1): metadata 'user' ("
                + u
                + ":10): secret 'redis' in secret store 'localsecrets' has no key 'nokey'");
    assertThat(e.toString()).doesNotContain(PASSWORD);
  }

  @Test
  void aSecretStoreMayReadItsMetadataFromAnotherDefinedLater() {
    write(dir, "path.json", "{\"file\": \"" + dir.resolve("secrets.json") + "\"}");
    Path first =
        write(
            dir,
            "0-second.yaml",
            component(
                    "second",
                    "secretstores.local.file",
                    "metadata:",
                    "- name: secretsFile",
                    "  secretKeyRef: {name: file}")
                + "auth:\n  secretStore: bootstrap\n");
    Path later =
        write(
            dir,
            "1-bootstrap.yaml",
            component(
                "bootstrap",
                "secretstores.local.file",
                "metadata:",
                "- name: secretsFile",
                "  value: " + dir.resolve("path.json")));
    try (Plumb plumb = Plumb.builder().resources(first, later).build()) {
      assertThat(plumb.secretStore("second").get("plain")).isEqualTo(Map.of("plain", "p"));
    }
  }

  @Test
  void secretValuesNeverAppearInMessagesToStringsOrLogs() throws Exception {
    Path u =
        write(
            dir,
            "u.yaml",
            user(
                    "- name: password",
                    "  secretKeyRef: {name: redis, key: password}",
                    "- name: passwrd",
                    "  secretKeyRef: {name: redis, key: password}")
                + "auth:\n  secretStore: localsecrets\n");
    // A provider that reads a secret as a number: the problem names the field, not the value.
    TestProviders.LambdaProvider<LockComponent> typed =
        new TestProviders.LambdaProvider<>(
            "lock.recorder",
            java.util.Set.of("v1"),
            LockComponent.class,
            ctx -> {
              ctx.metadata().getInt("password", 0);
              return new TestProviders.RecordingLock();
            });
    List<Throwable> thrown = new ArrayList<>();
    String log =
        LogCapture.during(
            () ->
                thrown.add(buildFails(Plumb.builder().resources(secretsYaml, u).provider(typed))));
    assertThat(thrown.get(0).getMessage())
        .contains("metadata 'password' (line 8): expected an integer, got a secret value");

    // A provider whose failure message quotes the password: redacted, in the cause chain too.
    TestProviders.LambdaProvider<LockComponent> leaky =
        new TestProviders.LambdaProvider<>(
            "lock.recorder",
            java.util.Set.of("v1"),
            LockComponent.class,
            ctx -> {
              throw new IOException(
                  "auth failed for password " + ctx.metadata().requireString("password"));
            });
    log +=
        LogCapture.during(
            () -> {
              ConfigurationException e =
                  buildFails(Plumb.builder().resources(secretsYaml, u).provider(leaky));
              assertThat(e.getMessage()).endsWith("failed to start: auth failed for password ***");
              assertThat(e.getCause())
                  .isInstanceOf(Redactor.RedactedException.class)
                  .hasMessage("auth failed for password ***")
                  .hasToString("java.io.IOException (redacted): auth failed for password ***");
              thrown.add(e);
            });

    // A started component whose unread secret field is warned about by name only.
    log +=
        LogCapture.during(
            () -> {
              try (Plumb plumb =
                  Plumb.builder().resources(secretsYaml, u).provider(recorder()).build()) {
                assertThat(plumb.toString()).doesNotContain(PASSWORD);
              }
            });
    assertThat(log).contains("metadata field 'passwrd'").doesNotContain(PASSWORD);
    for (Throwable t : thrown) {
      for (Throwable c = t; c != null; c = c.getCause()) {
        assertThat(c.toString()).doesNotContain(PASSWORD);
      }
    }
    assertThat(seen.get().toString()).doesNotContain(PASSWORD);
  }
}
