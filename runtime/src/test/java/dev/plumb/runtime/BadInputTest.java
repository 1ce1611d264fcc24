package dev.plumb.runtime;

import static dev.plumb.runtime.TestFiles.component;
import static dev.plumb.runtime.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ComponentNotFoundException;
import dev.plumb.api.ConfigurationException;
import dev.plumb.api.lock.spi.LockComponent;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.state.StateFeature;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.spi.DeleteRequest;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input fails the build with a message naming file, line and field. */
class BadInputTest {
  @TempDir Path dir;
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseBlockedProviders() {
    release.countDown();
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
  void malformedYaml() {
    Path f = write(dir, "bad.yaml", "apiVersion: dapr.io/v1alpha1\nkind: Component\n  name: : x\n");
    ConfigurationException e = buildFails(Plumb.builder().resources(dir));
    assertThat(e.getMessage()).startsWith(f + ":3: malformed YAML: ");
  }

  @Test
  void unknownApiVersionAndKind() {
    Path f =
        write(
            dir,
            "k.yaml",
            "apiVersion: dapr.io/v2alpha1\nkind: Component\nmetadata:\n  name: c\n---\n"
                + "apiVersion: dapr.io/v1alpha1\nkind: Thing\nmetadata:\n  name: t\n");
    ConfigurationException e = buildFails(Plumb.builder().resources(f));
    assertThat(e.problems())
        .containsExactly(
            f
                + ":1: field 'apiVersion': unknown apiVersion 'dapr.io/v2alpha1' for kind"
                + " Component; expected dapr.io/v1alpha1",
            f
                + ":7: field 'kind': unknown kind 'Thing'; expected one of Component,"
                + " Configuration, Resiliency, Subscription");
  }

  @Test
  void missingNameAndType() {
    Path f =
        write(
            dir,
            "m.yaml",
            "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  labels: {}\nspec:\n"
                + "  type: state.redis\n---\n"
                + "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: notype\n"
                + "spec:\n  version: v1\n");
    assertThat(buildFails(Plumb.builder().resources(f)).problems())
        .containsExactly(f + ":4: Component has no field 'metadata.name'");
    Path g =
        write(
            dir,
            "n.yaml",
            "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: notype\n"
                + "spec:\n  version: v1\n");
    assertThat(buildFails(Plumb.builder().resources(g)).getMessage())
        .isEqualTo("component 'notype' (" + g + ":1): field 'spec.type' is missing");
  }

  @Test
  void twoComponentsWithOneName() {
    Path a = write(dir, "a.yaml", component("locks", "lock.in-memory"));
    Path b = write(dir, "b.yaml", "# second\n" + component("locks", "lock.in-memory"));
    assertThat(buildFails(Plumb.builder().resources(dir)).getMessage())
        .isEqualTo("component 'locks' is defined twice: " + a + ":1 and " + b + ":2");
    assertThat(
            buildFails(Plumb.builder().resources(a).component("locks", "lock.in-memory", Map.of()))
                .getMessage())
        .isEqualTo("component 'locks' is defined twice: " + a + ":1 and built in code");
  }

  @Test
  void unknownTypeNamesTheArtifact() {
    Path f =
        write(
            dir,
            "redis.yaml",
            "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: statestore\n"
                + "spec:\n  type: state.redis\n  version: v1\n");
    assertThat(buildFails(Plumb.builder().resources(f)).getMessage())
        .isEqualTo(
            "component 'statestore' ("
                + f
                + ":6): no provider for type 'state.redis' v1 on the classpath; add"
                + " dev.plumb:plumb-state-redis");
  }

  @Test
  void unknownVersionListsTheVersionsThatExist() {
    Path f = write(dir, "l.yaml", component("locks", "lock.in-memory", "version: v2"));
    assertThat(buildFails(Plumb.builder().resources(f)).getMessage())
        .isEqualTo(
            "component 'locks' ("
                + f
                + ":6): no provider for type 'lock.in-memory' v2 on the classpath; versions"
                + " available: v1");
  }

  @Test
  void unknownTypeWithIgnoreErrorsIsSkipped() throws Exception {
    write(dir, "r.yaml", component("statestore", "state.redis", "ignoreErrors: true"));
    String log =
        LogCapture.during(
            () -> {
              try (Plumb plumb = Plumb.builder().resources(dir).build()) {
                assertThatThrownBy(() -> plumb.stateStore("statestore"))
                    .isInstanceOf(ComponentNotFoundException.class);
              }
            });
    assertThat(log).contains("no provider for type 'state.redis'", "ignoreErrors");
  }

  @Test
  void twoProvidersForOneTypeNameBothClasses() {
    ConfigurationException e =
        buildFails(
            Plumb.builder()
                .provider(
                    TestProviders.provider(
                        "lock.twin", LockComponent.class, c -> new TestProviders.RecordingLock()))
                .provider(
                    new TestProviders.OtherLambdaProvider<>(
                        "lock.twin", LockComponent.class, c -> new TestProviders.RecordingLock())));
    assertThat(e.getMessage())
        .isEqualTo(
            "type 'lock.twin' v1 is provided by both "
                + TestProviders.LambdaProvider.class.getName()
                + " and "
                + TestProviders.OtherLambdaProvider.class.getName()
                + "; keep one of them on the classpath");
  }

  @Test
  void anActorStateStoreWithoutTransactions() {
    Path f =
        write(
            dir,
            "actors.yaml",
            component(
                "actorstore",
                "state.etag-only",
                "metadata:",
                "- name: actorStateStore",
                "  value: \"true\""));
    ConfigurationException e =
        buildFails(
            Plumb.builder()
                .resources(f)
                .provider(
                    TestProviders.provider(
                        "state.etag-only", StateComponent.class, ctx -> new EtagOnlyStore())));
    assertThat(e.problems())
        .containsExactly(
            "component 'actorstore' ("
                + f
                + ":1): metadata 'actorStateStore': an actor state store needs the ETAG and"
                + " TRANSACTIONAL features; this store has [ETAG]");
  }

  @Test
  void anInMemoryActorStateStoreIsAccepted() {
    Path f =
        write(
            dir,
            "actors.yaml",
            component(
                "actorstore",
                "state.in-memory",
                "metadata:",
                "- name: actorStateStore",
                "  value: \"true\""));
    try (Plumb plumb = Plumb.builder().resources(f).build()) {
      assertThat(plumb.stateStore("actorstore").features())
          .contains(StateFeature.ETAG, StateFeature.TRANSACTIONAL);
    }
  }

  /** A store with etags but no transactions: not fit for actor state. */
  private static final class EtagOnlyStore implements StateComponent {
    @Override
    public Set<StateFeature> features() {
      return Set.of(StateFeature.ETAG);
    }

    @Override
    public StateItem<byte[]> get(GetRequest request) {
      return null;
    }

    @Override
    public void set(SetRequest request) {}

    @Override
    public void delete(DeleteRequest request) {}
  }

  @Test
  void metadataValueOfTheWrongType() {
    Path f =
        write(
            dir,
            "typed.yaml",
            component(
                "typed",
                "lock.typed",
                "metadata:",
                "- name: port",
                "  value: abc",
                "- name: timeout",
                "  value: 10 seconds",
                "- name: enabled",
                "  value: maybe"));
    ConfigurationException e =
        buildFails(
            Plumb.builder()
                .resources(f)
                .provider(
                    TestProviders.provider(
                        "lock.typed",
                        LockComponent.class,
                        ctx -> {
                          ComponentMetadata m = ctx.metadata();
                          m.getInt("port", 0);
                          m.getDuration("timeout", Duration.ZERO);
                          m.getBoolean("enabled", false);
                          m.requireString("host");
                          return new TestProviders.RecordingLock();
                        })));
    String owner = "component 'typed' (" + f + ":1)";
    assertThat(e.problems())
        .containsExactly(
            owner + ": metadata 'port' (line 8): expected an integer, got 'abc'",
            owner
                + ": metadata 'timeout' (line 10): expected a duration such as 10s or 1m30s, got"
                + " '10 seconds'",
            owner + ": metadata 'enabled' (line 12): expected a boolean, got 'maybe'",
            owner + ": metadata 'host' is required");
  }

  @Test
  void aComponentThatDoesNotStartWithinItsInitTimeout() {
    AtomicBoolean closedLate = new AtomicBoolean();
    Path f = write(dir, "slow.yaml", component("slow", "lock.slow", "initTimeout: 200ms"));
    ConfigurationException e =
        buildFails(Plumb.builder().resources(f).provider(blocking(closedLate)));
    assertThat(e.getMessage())
        .startsWith(
            "component 'slow' (" + f + ":1): failed to start within 200ms; it was still in ")
        .contains("called from dev.plumb.runtime.BadInputTest")
        .endsWith("; raise spec.initTimeout if the backend is only slow");
    // The cause carries the stack of the start that was still running.
    assertThat(e.getCause().getStackTrace())
        .anySatisfy(
            frame -> assertThat(frame.getClassName()).startsWith(BadInputTest.class.getName()));
  }

  @Test
  void aSlowComponentWithIgnoreErrorsIsSkipped() throws Exception {
    Path f =
        write(
            dir,
            "slow.yaml",
            component("slow", "lock.slow", "initTimeout: 200ms", "ignoreErrors: true")
                + "---\n"
                + component("fast", "lock.in-memory"));
    String log =
        LogCapture.during(
            () -> {
              try (Plumb plumb =
                  Plumb.builder().resources(f).provider(blocking(new AtomicBoolean())).build()) {
                assertThat(plumb.lockStore("fast").name()).isEqualTo("fast");
                assertThatThrownBy(() -> plumb.lockStore("slow"))
                    .isInstanceOf(ComponentNotFoundException.class)
                    .hasMessage("lock store 'slow' is not found; lock stores: fast");
              }
            });
    assertThat(log).contains("component 'slow' (" + f + ":1): failed to start within 200ms");
  }

  @Test
  void aComponentThatStartsAfterItsTimeoutIsClosed() throws Exception {
    AtomicBoolean closedLate = new AtomicBoolean();
    Path f = write(dir, "slow.yaml", component("slow", "lock.slow", "initTimeout: 100ms"));
    buildFails(Plumb.builder().resources(f).provider(blocking(closedLate)));
    release.countDown();
    org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS).untilTrue(closedLate);
  }

  private TestProviders.LambdaProvider<LockComponent> blocking(AtomicBoolean closedLate) {
    return new TestProviders.LambdaProvider<>(
        "lock.slow",
        Set.of("v1"),
        LockComponent.class,
        ctx -> {
          // Ignores interruption like a stuck driver would.
          while (true) {
            try {
              release.await();
              break;
            } catch (InterruptedException e) {
              continue;
            }
          }
          return new TestProviders.RecordingLock() {
            @Override
            public void close() {
              closedLate.set(true);
            }
          };
        });
  }
}
