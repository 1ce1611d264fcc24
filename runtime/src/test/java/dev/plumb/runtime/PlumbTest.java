package dev.plumb.runtime;

import static dev.plumb.runtime.TestFiles.component;
import static dev.plumb.runtime.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ComponentNotFoundException;
import dev.plumb.api.ConfigurationException;
import dev.plumb.api.lock.LockStore;
import dev.plumb.api.lock.spi.LockComponent;
import dev.plumb.api.lock.spi.TryLockRequest;
import dev.plumb.api.secrets.SecretStore;
import dev.plumb.api.secrets.spi.SecretStoreComponent;
import dev.plumb.api.spi.ComponentContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlumbTest {
  @TempDir Path dir;

  @Test
  void looksUpComponentsByBlockAndName() {
    write(dir, "secrets.json", "{\"a\": \"1\"}");
    write(
        dir,
        "secrets.yaml",
        component(
            "localsecrets",
            "secretstores.local.file",
            "metadata:",
            "- name: secretsFile",
            "  value: " + dir.resolve("secrets.json")));
    try (Plumb plumb =
        Plumb.builder()
            .appId("app")
            .resources(dir)
            .component("locks", "lock.in-memory", Map.of())
            .build()) {
      assertThat(plumb.appId()).isEqualTo("app");
      SecretStore secrets = plumb.secretStore("localsecrets");
      assertThat(secrets.get("a")).isEqualTo(Map.of("a", "1"));
      assertThat(plumb.secretStore("localsecrets")).isSameAs(secrets);
      LockStore locks = plumb.lockStore("locks");
      assertThat(locks.name()).isEqualTo("locks");
      assertThat(locks.tryLock("r", "me", Duration.ofSeconds(5))).isTrue();

      assertThatThrownBy(() -> plumb.stateStore("statestore"))
          .isInstanceOf(ComponentNotFoundException.class)
          .hasMessage("state store 'statestore' is not found; no state stores are configured");
      assertThatThrownBy(() -> plumb.lockStore("localsecrets"))
          .isInstanceOf(ComponentNotFoundException.class)
          .hasMessage(
              "lock store 'localsecrets' is not found ('localsecrets' is a"
                  + " secretstores.local.file); lock stores: locks");
      assertThatThrownBy(() -> plumb.secretStore("vault"))
          .hasMessage("secret store 'vault' is not found; secret stores: localsecrets");
      assertThat(plumb.toString()).contains("localsecrets", "locks");
    }
  }

  @Test
  void actorsNeedTheActorsModule() {
    try (Plumb plumb = Plumb.builder().appId("app").build()) {
      assertThatThrownBy(plumb::actors)
          .isInstanceOf(ComponentNotFoundException.class)
          .hasMessage(
              "no engine module on the class path serves dev.plumb.api.actors.Actors; add"
                  + " dev.plumb:plumb-actors");
    }
  }

  @Test
  void workflowsNeedTheWorkflowModule() {
    try (Plumb plumb = Plumb.builder().appId("app").build()) {
      assertThatThrownBy(plumb::workflows)
          .isInstanceOf(ComponentNotFoundException.class)
          .hasMessage(
              "no engine module on the class path serves dev.plumb.api.workflow.Workflows; add"
                  + " dev.plumb:plumb-workflow");
    }
  }

  @Test
  void closesComponentsInReverseStartOrderSecretStoresStartingFirst() {
    List<String> started = Collections.synchronizedList(new ArrayList<>());
    List<String> closed = Collections.synchronizedList(new ArrayList<>());
    Plumb plumb =
        Plumb.builder()
            .provider(
                TestProviders.provider(
                    "lock.test",
                    LockComponent.class,
                    ctx -> {
                      started.add(ctx.name());
                      return new TestProviders.RecordingLock() {
                        @Override
                        public void close() {
                          closed.add(ctx.name());
                          throw new IllegalStateException("close failure is logged");
                        }
                      };
                    }))
            .provider(
                TestProviders.provider(
                    "secretstores.test",
                    SecretStoreComponent.class,
                    ctx -> {
                      started.add(ctx.name());
                      return new TestProviders.MapSecretStore(ctx.name(), Map.of(), closed);
                    }))
            .component("lock1", "lock.test", Map.of())
            .component("secret1", "secretstores.test", Map.of())
            .component("lock2", "lock.test", Map.of())
            .component("secret2", "secretstores.test", Map.of())
            .build();
    assertThat(started).containsExactly("secret1", "secret2", "lock1", "lock2");
    plumb.close();
    assertThat(closed).containsExactly("lock2", "lock1", "secret2", "secret1");
    plumb.close();
    assertThat(closed).hasSize(4);
    assertThatThrownBy(() -> plumb.lockStore("lock1")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFailingBuildClosesWhatItStarted() {
    List<String> closed = Collections.synchronizedList(new ArrayList<>());
    write(dir, "a.yaml", component("good", "secretstores.test"));
    write(dir, "b.yaml", component("bad", "lock.failing"));
    assertThatThrownBy(
            () ->
                Plumb.builder()
                    .resources(dir)
                    .provider(
                        TestProviders.provider(
                            "secretstores.test",
                            SecretStoreComponent.class,
                            ctx -> new TestProviders.MapSecretStore(ctx.name(), Map.of(), closed)))
                    .provider(
                        TestProviders.provider(
                            "lock.failing",
                            LockComponent.class,
                            ctx -> {
                              throw new java.io.IOException("connection refused");
                            }))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "component 'bad' ("
                + dir.resolve("b.yaml")
                + ":1): failed to start: connection refused")
        .hasRootCauseInstanceOf(java.io.IOException.class);
    assertThat(closed).containsExactly("good");
  }

  @Test
  void givesComponentsTheirIdentityClockSchedulerAndTemplates() {
    Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    AtomicReference<ComponentContext> seen = new AtomicReference<>();
    AtomicReference<Map<String, String>> values = new AtomicReference<>();
    Plumb plumb =
        Plumb.builder()
            .appId("orders")
            .clock(clock)
            .namespace("prod")
            .env(name -> name.equals("POD_NAME") ? "orders-7f9" : null)
            .provider(
                TestProviders.provider(
                    "lock.test",
                    LockComponent.class,
                    ctx -> {
                      seen.set(ctx);
                      values.set(
                          Map.of(
                              "id", ctx.metadata().requireString("id"),
                              "pod", ctx.metadata().requireString("pod"),
                              "ns", ctx.metadata().requireString("ns"),
                              "u1", ctx.metadata().requireString("u1"),
                              "u2", ctx.metadata().requireString("u2")));
                      return new TestProviders.RecordingLock();
                    }))
            .component(
                "locks",
                "lock.test",
                "v1",
                Map.of(
                    "id", "{appID}-x",
                    "pod", "{podName}",
                    "ns", "{namespace}",
                    "u1", "{uuid}",
                    "u2", "{uuid}"))
            .build();
    try {
      ComponentContext ctx = seen.get();
      assertThat(ctx.name()).isEqualTo("locks");
      assertThat(ctx.type()).isEqualTo("lock.test");
      assertThat(ctx.version()).isEqualTo("v1");
      assertThat(ctx.appId()).isEqualTo("orders");
      assertThat(ctx.clock()).isSameAs(clock);
      assertThat(ctx.scheduler().clock()).isSameAs(clock);
      assertThat(ctx.blockingExecutor()).isNotNull();
      assertThat(values.get())
          .containsEntry("id", "orders-x")
          .containsEntry("pod", "orders-7f9")
          .containsEntry("ns", "prod.orders");
      assertThat(values.get().get("u1")).hasSize(36).isEqualTo(values.get().get("u2"));
      plumb.close();
    } finally {
      plumb.close();
    }
  }

  @Test
  void runsAsyncCallsOnTheGivenExecutorAndLeavesItRunning() throws Exception {
    ExecutorService executor =
        Executors.newSingleThreadExecutor(r -> new Thread(r, "given-executor"));
    try {
      AtomicReference<String> thread = new AtomicReference<>();
      Plumb plumb =
          Plumb.builder()
              .executor(executor)
              .provider(
                  TestProviders.provider(
                      "lock.test",
                      LockComponent.class,
                      ctx ->
                          new TestProviders.RecordingLock() {
                            @Override
                            public boolean tryLock(TryLockRequest request) {
                              thread.set(Thread.currentThread().getName());
                              return true;
                            }
                          }))
              .component("locks", "lock.test", Map.of())
              .build();
      assertThat(
              plumb
                  .lockStore("locks")
                  .async()
                  .tryLock("r", "o", Duration.ofSeconds(1))
                  .toCompletableFuture()
                  .get())
          .isTrue();
      assertThat(thread.get()).isEqualTo("given-executor");
      plumb.close();
      assertThat(executor.isShutdown()).isFalse();
    } finally {
      executor.shutdown();
    }
  }

  @Test
  void namespaceDefaultsToTheEnvironment() {
    AtomicReference<String> ns = new AtomicReference<>();
    try (Plumb plumb =
        Plumb.builder()
            .appId("a")
            .env(name -> name.equals("NAMESPACE") ? "staging" : null)
            .provider(
                TestProviders.provider(
                    "lock.test",
                    LockComponent.class,
                    ctx -> {
                      ns.set(ctx.metadata().requireString("ns"));
                      return new TestProviders.RecordingLock();
                    }))
            .component("locks", "lock.test", Map.of("ns", "{namespace}"))
            .build()) {
      assertThat(ns.get()).isEqualTo("staging." + plumb.appId());
    }
  }

  @Test
  void warnsAboutUnreadMetadataButNotAboutTheBlocksRuntimeFields() throws Exception {
    Path f =
        write(
            dir,
            "locks.yaml",
            component(
                "locks",
                "lock.in-memory",
                "metadata:",
                "- name: keyPrefix",
                "  value: name",
                "- name: outboxPublishTopic",
                "  value: t",
                "- name: redisHots",
                "  value: typo"));
    String log =
        LogCapture.during(
            () -> {
              try (Plumb plumb = Plumb.builder().resources(f).build()) {
                assertThat(plumb.lockStore("locks").name()).isEqualTo("locks");
              }
            });
    assertThat(log)
        .contains(
            "component 'locks' ("
                + f
                + ":1): metadata field 'redisHots' ("
                + f
                + ":12) is not used by type 'lock.in-memory'")
        // The outbox is a state store's field: on a lock it is as unused as a typo.
        .contains("metadata field 'outboxPublishTopic'")
        .doesNotContain("'keyPrefix'");
  }
}
