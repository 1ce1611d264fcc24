package dev.plumb.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.workflow.ActivityDefinition;
import dev.plumb.api.workflow.ScheduleOptions;
import dev.plumb.api.workflow.Workflow;
import dev.plumb.api.workflow.WorkflowDefinition;
import dev.plumb.api.workflow.WorkflowStatus;
import dev.plumb.api.workflow.spi.EventType;
import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.TestClock;
import dev.plumb.testkit.TestScheduler;
import dev.plumb.testkit.workflow.WorkflowHistory;
import dev.plumb.testkit.workflow.WorkflowReplayer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A history recorded from a run, exported as JSON, replayed against changed code. */
class WorkflowReplayerTest {
  private final AtomicInteger activityRuns = new AtomicInteger();
  private WorkflowHistory recorded;

  /** Three chained activities: the recorded code. */
  private static final Workflow<String, String> THREE =
      (ctx, in) -> {
        String a = ctx.callActivity("A", in, String.class).await();
        String b = ctx.callActivity("B", a, String.class).await();
        return ctx.callActivity("C", b, String.class).await();
      };

  /** Step 2 calls another activity. */
  private static final Workflow<String, String> CHANGED_STEP_2 =
      (ctx, in) -> {
        String a = ctx.callActivity("A", in, String.class).await();
        String b = ctx.callActivity("X", a, String.class).await();
        return ctx.callActivity("C", b, String.class).await();
      };

  /** Does one more step after the three. */
  private static final Workflow<String, String> ONE_MORE =
      (ctx, in) -> {
        String c = THREE.run(ctx, in);
        return ctx.callActivity("A", c, String.class).await();
      };

  private Consumer<Plumb.Builder> code(Workflow<String, String> workflow) {
    return b -> {
      b.workflow(WorkflowDefinition.of("Three", String.class, String.class, workflow));
      for (String name : new String[] {"A", "B", "C", "X"}) {
        b.activity(
            ActivityDefinition.of(
                name,
                String.class,
                String.class,
                (ctx, in) -> {
                  activityRuns.incrementAndGet();
                  return in + name;
                }));
      }
    };
  }

  @BeforeEach
  void record() throws Exception {
    Plumb.Builder b =
        Plumb.builder()
            .appId("record")
            .scheduler(new TestScheduler(TestClock.start()))
            .workflowStore(new InMemoryWorkflowStore());
    code(THREE).accept(b);
    try (Plumb plumb = b.build()) {
      String id = plumb.workflows().schedule("Three", "x", ScheduleOptions.id("three"));
      assertThat(plumb.workflows().waitForCompletion(id, Duration.ofSeconds(10)).status())
          .isEqualTo(WorkflowStatus.COMPLETED);
      // Through JSON, as a history kept next to the tests would be.
      recorded = WorkflowHistory.fromJson(WorkflowHistory.of(plumb.workflows(), id).toJson());
    }
    assertThat(activityRuns.getAndSet(0)).isEqualTo(3);
  }

  @Test
  void unchangedCodeReproducesTheHistory() {
    WorkflowReplayer.Result r = WorkflowReplayer.replay(recorded, code(THREE));
    assertThat(r.deterministic()).as(r.describe()).isTrue();
    r.assertDeterministic();
    assertThat(activityRuns.get()).isZero();
  }

  @Test
  void aDifferentActivityAtStep2IsReportedWithBothNames() {
    WorkflowReplayer.Result r = WorkflowReplayer.replay(recorded, code(CHANGED_STEP_2));
    assertThat(r.deterministic()).isFalse();
    assertThat(r.expected().type()).isEqualTo(EventType.TASK_SCHEDULED);
    assertThat(r.expected().name()).isEqualTo("B");
    assertThat(r.expected().taskId()).isEqualTo(1);
    assertThat(recorded.events().get(r.eventIndex())).isSameAs(r.expected());
    assertThat(r.issued().type()).isEqualTo(EventType.TASK_SCHEDULED);
    assertThat(r.issued().name()).isEqualTo("X");
    assertThat(r.reason()).contains("'B'").contains("'X'");
    assertThatThrownBy(r::assertDeterministic)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("history event #" + r.eventIndex() + " is TASK_SCHEDULED 'B'")
        .hasMessageContaining("did TASK_SCHEDULED 'X'");
    assertThat(activityRuns.get()).isZero();
  }

  @Test
  void codeThatGoesOnWhereTheRunCompletedIsReportedAtTheCompletion() {
    WorkflowReplayer.Result r = WorkflowReplayer.replay(recorded, code(ONE_MORE));
    assertThat(r.deterministic()).isFalse();
    assertThat(r.expected().type()).isEqualTo(EventType.EXECUTION_COMPLETED);
    assertThat(r.issued().type()).isEqualTo(EventType.TASK_SCHEDULED);
    assertThat(r.issued().name()).isEqualTo("A");
    assertThat(activityRuns.get()).isZero();
  }

  @Test
  void jsonKeepsEveryEvent() {
    WorkflowHistory again = WorkflowHistory.fromJson(recorded.toJson());
    assertThat(again.instanceId()).isEqualTo("three");
    assertThat(again.events()).hasSameSizeAs(recorded.events());
    for (int i = 0; i < again.events().size(); i++) {
      var a = again.events().get(i);
      var b = recorded.events().get(i);
      assertThat(a.type()).isEqualTo(b.type());
      assertThat(a.timestamp()).isEqualTo(b.timestamp());
      assertThat(a.taskId()).isEqualTo(b.taskId());
      assertThat(a.name()).isEqualTo(b.name());
      assertThat(a.data()).isEqualTo(b.data());
      assertThat(a.generation()).isEqualTo(b.generation());
    }
  }
}
