package dev.plumb.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumb.api.Serializer;
import dev.plumb.api.actors.ActorContext;
import dev.plumb.api.actors.ActorLifecycle;
import dev.plumb.api.actors.ActorOptions;
import dev.plumb.api.actors.ActorPlacementException;
import dev.plumb.api.actors.ActorReminder;
import dev.plumb.api.actors.ActorType;
import dev.plumb.api.actors.Actors;
import dev.plumb.api.actors.Remindable;
import dev.plumb.api.actors.Schedule;
import dev.plumb.api.actors.spi.ActorLocation;
import dev.plumb.api.actors.spi.ActorPlacement;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.Scheduler;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.runtime.spi.ComponentHandle;
import dev.plumb.runtime.spi.Document;
import dev.plumb.runtime.spi.Engine;
import dev.plumb.runtime.spi.EngineContext;
import dev.plumb.runtime.spi.Providers;
import dev.plumb.testkit.TestClock;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.TestScheduler;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Nothing assumes one JVM: calls, activations and reminder scans all ask the placement. */
class PlacementTest {
  public interface Device {
    String ping();

    void remind();
  }

  static final class DeviceActor implements Device, Remindable, ActorLifecycle {
    private final ActorContext ctx;
    private final List<String> log;

    DeviceActor(ActorContext ctx, List<String> log) {
      this.ctx = ctx;
      this.log = log;
    }

    @Override
    public String ping() {
      return "pong " + ctx.id();
    }

    @Override
    public void remind() {
      ctx.registerReminder("r", Schedule.after(Duration.ofMinutes(1)), null);
    }

    @Override
    public void receiveReminder(ActorReminder reminder) {
      log.add("fired " + ctx.id());
    }

    @Override
    public void onDeactivate() {
      log.add("deactivated " + ctx.id());
    }
  }

  /** Puts ids starting with {@code remote-} on another member; owns the partitions it is told. */
  static final class TwoMembers implements ActorPlacement {
    volatile Set<Integer> owned = Set.of(0);
    volatile boolean awayToo;
    Runnable changed;

    @Override
    public void start(Set<String> actorTypes, Runnable changed) {
      this.changed = changed;
    }

    @Override
    public ActorLocation locate(String actorType, String actorId) {
      boolean remote = actorId.startsWith("remote-") || (awayToo && actorId.startsWith("away-"));
      return remote ? new ActorLocation("jvm-2", false) : new ActorLocation("jvm-1", true);
    }

    @Override
    public boolean ownsReminderPartition(String actorType, int partition) {
      return owned.contains(partition);
    }

    @Override
    public void close() {}
  }

  private final List<String> log = new CopyOnWriteArrayList<>();
  private final TwoMembers placement = new TwoMembers();
  private final TestScheduler scheduler = new TestScheduler(TestClock.start());
  private final TestComponentContext storeContext =
      new TestComponentContext("actorstore", "state.in-memory", Map.of("actorStateStore", "true"))
          .withScheduler(scheduler)
          .withClock(scheduler.clock());
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Engine engine;
  private final Actors actors;

  PlacementTest() throws Exception {
    StateComponent store =
        (StateComponent)
            Providers.find("state.in-memory", "v1", getClass().getClassLoader())
                .orElseThrow()
                .create(storeContext);
    engine = new ActorsModule(ctx -> placement).create(new Context(store, storeContext.metadata()));
    engine.start();
    actors = engine.api(Actors.class).orElseThrow();
  }

  @AfterEach
  void close() {
    engine.close();
    storeContext.close();
    executor.shutdown();
  }

  @Test
  void anActorPlacedOnAnotherMemberIsNotActivatedHere() {
    assertThat(actors.proxy(Device.class, "here").ping()).isEqualTo("pong here");
    assertThatThrownBy(() -> actors.proxy(Device.class, "remote-1").ping())
        .isInstanceOf(ActorPlacementException.class)
        .hasMessage(
            "actor Device/remote-1 is placed on member 'jvm-2'; calls between JVMs need a"
                + " transport that this Plumb does not have");
  }

  @Test
  void onlyOwnedReminderPartitionsAreScannedUntilOwnershipChanges() {
    int[] partitionOf = new int[20];
    for (int i = 0; i < 20; i++) {
      actors.proxy(Device.class, "d" + i).remind();
    }
    HostedTypeProbe probe = new HostedTypeProbe(2);
    long inZero = 0;
    for (int i = 0; i < 20; i++) {
      partitionOf[i] = probe.partitionOf("d" + i);
      if (partitionOf[i] == 0) {
        inZero++;
      }
    }
    assertThat(inZero).as("both partitions hold some").isBetween(1L, 19L);
    scheduler.advance(Duration.ofMinutes(1));
    assertThat(log.stream().filter(l -> l.startsWith("fired")).count()).isEqualTo(inZero);
    placement.owned = Set.of(0, 1);
    placement.changed.run();
    scheduler.advance(Duration.ZERO);
    assertThat(log.stream().filter(l -> l.startsWith("fired")).count()).isEqualTo(20);
  }

  @Test
  void actorsPlacedElsewhereAfterAChangeAreDeactivatedHere() {
    actors.proxy(Device.class, "away-1").ping();
    actors.proxy(Device.class, "stay-1").ping();
    placement.awayToo = true;
    placement.changed.run();
    assertThat(log).containsExactly("deactivated away-1");
    assertThatThrownBy(() -> actors.proxy(Device.class, "away-1").ping())
        .isInstanceOf(ActorPlacementException.class);
  }

  /** The partition function of a type with {@code n} partitions, as the engine computes it. */
  private static final class HostedTypeProbe {
    private final int n;

    HostedTypeProbe(int n) {
      this.n = n;
    }

    int partitionOf(String id) {
      int h = 0x811c9dc5;
      for (int i = 0; i < id.length(); i++) {
        h ^= id.charAt(i);
        h *= 0x01000193;
      }
      return Integer.remainderUnsigned(h, n);
    }
  }

  /** An engine context over one in-memory store, the test scheduler and plain executors. */
  private final class Context implements EngineContext {
    private final ComponentHandle<StateComponent> store;

    Context(StateComponent component, ComponentMetadata metadata) {
      this.store = Handles.direct(component, metadata);
    }

    @Override
    public String appId() {
      return "app";
    }

    @Override
    public String namespace() {
      return "";
    }

    @Override
    @SuppressWarnings("unchecked")
    public <C> List<ComponentHandle<C>> components(Class<C> componentClass) {
      return componentClass == StateComponent.class
          ? List.of((ComponentHandle<C>) store)
          : List.of();
    }

    @Override
    public <C> Optional<ComponentHandle<C>> component(String name, Class<C> componentClass) {
      return components(componentClass).stream().filter(h -> h.name().equals(name)).findFirst();
    }

    @Override
    public <F> F facade(Class<F> api, String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Clock clock() {
      return scheduler.clock();
    }

    @Override
    public Scheduler scheduler() {
      return scheduler;
    }

    @Override
    public java.util.concurrent.Executor executor() {
      return executor;
    }

    @Override
    public java.util.concurrent.Executor blockingExecutor() {
      return executor;
    }

    @Override
    public Serializer serializer() {
      return JSON;
    }

    @Override
    public OpenTelemetry openTelemetry() {
      return OpenTelemetry.noop();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> List<T> registrations(Class<T> type) {
      if (type == ActorType.class) {
        return List.of(
            (T)
                ActorType.builder(Device.class, ctx -> new DeviceActor(ctx, log))
                    .options(ActorOptions.builder().remindersStoragePartitions(2).build())
                    .build());
      }
      return List.of();
    }

    @Override
    public List<Document> documents(String kind) {
      return List.of();
    }
  }

  private static final Serializer JSON =
      new Serializer() {
        private final ObjectMapper mapper = new ObjectMapper();

        @Override
        public byte[] serialize(Object value) {
          try {
            return mapper.writeValueAsBytes(value);
          } catch (IOException e) {
            throw new IllegalArgumentException(e);
          }
        }

        @Override
        public <T> T deserialize(byte[] data, Type type) {
          try {
            return mapper.readValue(data, mapper.constructType(type));
          } catch (IOException e) {
            throw new IllegalArgumentException(e);
          }
        }

        @Override
        public String contentType() {
          return "application/json";
        }
      };
}
