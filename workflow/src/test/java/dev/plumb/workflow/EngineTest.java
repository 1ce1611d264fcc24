package dev.plumb.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.workflow.ActivityDefinition;
import dev.plumb.api.workflow.ScheduleOptions;
import dev.plumb.api.workflow.Workflow;
import dev.plumb.api.workflow.WorkflowConfigurationException;
import dev.plumb.api.workflow.WorkflowContext;
import dev.plumb.api.workflow.WorkflowDefinition;
import dev.plumb.api.workflow.Workflows;
import dev.plumb.api.workflow.spi.EventType;
import dev.plumb.api.workflow.spi.HistoryEvent;
import dev.plumb.api.workflow.spi.WorkflowStore;
import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.TestClock;
import dev.plumb.testkit.TestScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine's own properties: cache eviction and replay, fencing, typed scheduling, history. */
class EngineTest {
  // Short leases, so taking over a halted engine's partitions takes a second.
  @BeforeAll
  static void shortLeases() {
    System.setProperty("dev.plumb.workflow.leaseTtlMillis", "1000");
    System.setProperty("dev.plumb.workflow.pollIntervalMillis", "100");
  }

  @AfterAll
  static void defaultLeases() {
    System.clearProperty("dev.plumb.workflow.leaseTtlMillis");
    System.clearProperty("dev.plumb.workflow.pollIntervalMillis");
  }

  private final InMemoryWorkflowStore store = new InMemoryWorkflowStore();
  private final TestScheduler scheduler = new TestScheduler(TestClock.start());
  private final AtomicInteger calls = new AtomicInteger();

  /** A workflow class whose types the registration finds by itself. */
  static final class Greeting implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String name) {
      String a = ctx.callActivity("Upper", name, String.class).await();
      ctx.setCustomStatus("waiting");
      String b = ctx.waitForExternalEvent("suffix", String.class).await();
      return ctx.callActivity("Upper", a + b, String.class).await();
    }
  }

  private Plumb plumb() {
    return Plumb.builder()
        .appId("engine")
        .scheduler(scheduler)
        .workflowStore(store)
        .workflow(new Greeting())
        .activity(
            ActivityDefinition.of(
                "Upper",
                String.class,
                String.class,
                (ctx, in) -> {
                  calls.incrementAndGet();
                  return in.toUpperCase();
                }))
        .build();
  }

  private static void awaitWaiting(Workflows wf, String id) {
    await()
        .until(
            () ->
                "waiting"
                    .equals(wf.get(id).map(s -> s.readCustomStatusAs(String.class)).orElse(null)));
  }

  @Test
  void evictedInstanceReplaysOnItsNextEventWithoutRerunningActivities() throws Exception {
    try (Plumb plumb = plumb()) {
      Workflows wf = plumb.workflows();
      String id = wf.schedule(Greeting.class, "ab", ScheduleOptions.id("evicted"));
      awaitWaiting(wf, id);
      WorkflowEngine engine = (WorkflowEngine) wf;
      await().until(() -> engine.evict(id));
      await().until(() -> engine.liveInstances() == 0);
      wf.raiseEvent(id, "suffix", "cd");
      assertThat(wf.waitForCompletion(id, Duration.ofSeconds(10)).readOutputAs(String.class))
          .isEqualTo("ABCD");
      assertThat(calls.get()).isEqualTo(2);
    }
  }

  @Test
  void aFullCacheEvictsIdleInstancesThatReplayOnTheirNextEvent() throws Exception {
    System.setProperty("dev.plumb.workflow.maxCachedInstances", "4");
    try (Plumb plumb = plumb()) {
      Workflows wf = plumb.workflows();
      for (int i = 0; i < 12; i++) {
        String id = wf.schedule(Greeting.class, "w" + i, ScheduleOptions.id("cached-" + i));
        awaitWaiting(wf, id);
      }
      WorkflowEngine engine = (WorkflowEngine) wf;
      await().until(() -> engine.liveInstances() <= 5);
      for (int i = 0; i < 12; i++) {
        wf.raiseEvent("cached-" + i, "suffix", "!");
      }
      for (int i = 0; i < 12; i++) {
        assertThat(
                wf.waitForCompletion("cached-" + i, Duration.ofSeconds(10))
                    .readOutputAs(String.class))
            .isEqualTo("W" + i + "!");
      }
      assertThat(calls.get()).isEqualTo(24);
    } finally {
      System.clearProperty("dev.plumb.workflow.maxCachedInstances");
    }
  }

  @Test
  void everyStepIsOneCommitOfItsEventsInOrder() throws Exception {
    try (Plumb plumb = plumb()) {
      Workflows wf = plumb.workflows();
      String id = wf.schedule(Greeting.class, "x", ScheduleOptions.id("history"));
      awaitWaiting(wf, id);
      wf.raiseEvent(id, "suffix", "y");
      wf.waitForCompletion(id, Duration.ofSeconds(10));
      List<EventType> types =
          store.history(id).stream().map(HistoryEvent::type).collect(Collectors.toList());
      assertThat(types)
          .containsExactly(
              EventType.WORKFLOW_STARTED,
              EventType.EXECUTION_STARTED,
              EventType.TASK_SCHEDULED,
              EventType.WORKFLOW_STARTED,
              EventType.TASK_COMPLETED,
              EventType.WORKFLOW_STARTED,
              EventType.EVENT_RAISED,
              EventType.TASK_SCHEDULED,
              EventType.WORKFLOW_STARTED,
              EventType.TASK_COMPLETED,
              EventType.EXECUTION_COMPLETED);
      for (int p = 0; p < store.partitions(); p++) {
        assertThat(store.pendingWork(p)).isEmpty();
      }
    }
  }

  /** An id whose partition is the given one. */
  private static String idIn(int partition, String prefix) {
    for (int i = 0; ; i++) {
      String id = prefix + i;
      if (WorkflowStore.partitionOf(id, WorkflowStore.DEFAULT_PARTITIONS) == partition) {
        return id;
      }
    }
  }

  private static Set<Integer> held(Plumb plumb) {
    return new TreeSet<>(((WorkflowEngine) plumb.workflows()).heldPartitions());
  }

  @Test
  void twoEnginesShareThePartitionsAndReachEachOthersInstances() throws Exception {
    try (Plumb first = plumb()) {
      assertThat(held(first)).hasSize(16);
      try (Plumb second = plumb()) {
        // A few lease periods: the first sees a second member, gives up half, the second takes it.
        await().until(() -> held(first).size() == 8 && held(second).size() == 8);
        assertThat(held(second)).doesNotContainAnyElementsOf(held(first));
        int theirs = held(second).iterator().next();
        String id = idIn(theirs, "shared-");
        // Scheduled through the engine that does not hold the partition: the owner runs it.
        Workflows wf = first.workflows();
        wf.schedule(Greeting.class, "a", ScheduleOptions.id(id));
        await().until(() -> "waiting".equals(custom(wf, id)));
        wf.raiseEvent(id, "suffix", "z");
        assertThat(wf.waitForCompletion(id, Duration.ofSeconds(10)).readOutputAs(String.class))
            .isEqualTo("AZ");
        // Only the second could commit its steps: the first's epoch for it is none.
        assertThat(((WorkflowEngine) second.workflows()).epochOf(id)).isPositive();
        assertThat(((WorkflowEngine) wf).epochOf(id)).isZero();
      }
      // The second gave its partitions back on close; the first takes them at its next renewal.
      await().until(() -> held(first).size() == 16);
    }
  }

  private static String custom(Workflows wf, String id) {
    return wf.get(id).map(s -> s.readCustomStatusAs(String.class)).orElse(null);
  }

  @Test
  void aHaltedEnginesInstancesAreTakenOverWhenItsLeasesExpireAndItIsFenced() throws Exception {
    try (Plumb first = plumb();
        Plumb second = plumb()) {
      Workflows wf = first.workflows();
      String id = idIn(held(first).iterator().next(), "taken-over-");
      wf.schedule(Greeting.class, "a", ScheduleOptions.id(id));
      awaitWaiting(wf, id);
      // Like a JVM killed with kill -9: it neither renews nor gives its leases back.
      WorkflowEngine halted = (WorkflowEngine) wf;
      halted.halt();
      await().until(() -> halted.epochOf(id) == 0 && held(second).size() == 16);
      wf.raiseEvent(id, "suffix", "z");
      Workflows two = second.workflows();
      assertThat(two.waitForCompletion(id, Duration.ofSeconds(10)).readOutputAs(String.class))
          .isEqualTo("AZ");
      assertThat(calls.get()).isEqualTo(2);
    }
  }

  @Test
  void lambdasNeedExplicitTypesAndNamesAreUnique() {
    Workflow<String, String> lambda = (ctx, in) -> in;
    assertThatThrownBy(() -> Plumb.builder().workflow(lambda))
        .isInstanceOf(WorkflowConfigurationException.class)
        .hasMessageContaining("WorkflowDefinition.of(name, inputType, outputType, workflow)");
    assertThatThrownBy(
            () ->
                Plumb.builder()
                    .workflowStore(store)
                    .workflow(WorkflowDefinition.of("W", String.class, String.class, lambda))
                    .workflow(WorkflowDefinition.of("W", String.class, String.class, lambda))
                    .build())
        .isInstanceOf(WorkflowConfigurationException.class)
        .hasMessageContaining("workflow 'W' is registered twice");
  }

  @Test
  void instancesResumingAtOnceLoadAtMostEightAtATime() throws Exception {
    ControlledStore gated = new ControlledStore();
    try (Plumb plumb =
        Plumb.builder()
            .appId("engine")
            .scheduler(scheduler)
            .workflowStore(gated)
            .workflow(new Greeting())
            .activity(ActivityDefinition.of("Upper", String.class, String.class, (ctx, in) -> in))
            .build()) {
      Workflows wf = plumb.workflows();
      WorkflowEngine engine = (WorkflowEngine) wf;
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        ids.add(wf.schedule(Greeting.class, "a"));
      }
      ids.forEach(id -> awaitWaiting(wf, id));
      for (String id : ids) {
        assertThat(engine.evict(id)).isTrue();
        await().until(() -> !engine.isCached(id));
      }
      CountDownLatch gate = new CountDownLatch(1);
      gated.gate = gate;
      ids.forEach(id -> wf.raiseEvent(id, "suffix", "z"));
      // Eight load, the other 32 wait their turn in the engine rather than press on the store.
      await().until(() -> gated.active.get() == 8 && engine.loadsWaiting() == 32);
      gated.gate = null;
      gate.countDown();
      for (String id : ids) {
        assertThat(wf.waitForCompletion(id, Duration.ofSeconds(10)).readOutputAs(String.class))
            .isEqualTo("az");
      }
      assertThat(gated.maxActive.get()).isEqualTo(8);
    }
  }
}
