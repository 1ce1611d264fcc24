package dev.plumb.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.workflow.ActivityDefinition;
import dev.plumb.api.workflow.RerunOptions;
import dev.plumb.api.workflow.ScheduleOptions;
import dev.plumb.api.workflow.Workflow;
import dev.plumb.api.workflow.WorkflowAlreadyExistsException;
import dev.plumb.api.workflow.WorkflowContext;
import dev.plumb.api.workflow.WorkflowNotFoundException;
import dev.plumb.api.workflow.WorkflowState;
import dev.plumb.api.workflow.WorkflowStateException;
import dev.plumb.api.workflow.WorkflowStatus;
import dev.plumb.api.workflow.Workflows;
import dev.plumb.api.workflow.spi.EventType;
import dev.plumb.api.workflow.spi.HistoryEvent;
import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.TestClock;
import dev.plumb.testkit.TestScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Rerun from an activity (Dapr's RerunWorkflowFromEvent). */
class RerunTest {
  private final InMemoryWorkflowStore store = new InMemoryWorkflowStore();
  private final TestScheduler scheduler = new TestScheduler(TestClock.start());
  private final List<String> runs = new CopyOnWriteArrayList<>();
  private volatile boolean gatewayDown = true;

  /** Reserve, pay (fails while the gateway is down or for a "bad" card), ship. */
  static final class Order implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String card) {
      String r = ctx.callActivity("Reserve", card, String.class).await();
      ctx.createTimer(Duration.ofHours(1)).await();
      String p = ctx.callActivity("Pay", card, String.class).await();
      return ctx.callActivity("Ship", r + "+" + p, String.class).await();
    }
  }

  /** Waits for an event: stays RUNNING. */
  static final class Waiting implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      ctx.callActivity("Reserve", in, String.class).await();
      return ctx.waitForExternalEvent("go", String.class).await();
    }
  }

  /** Reserves and pays in parallel. */
  static final class FanOut implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String card) {
      var reserve = ctx.callActivity("Reserve", card, String.class);
      var pay = ctx.callActivity("Pay", card, String.class);
      return ctx.allOf(List.of(reserve, pay)).await().toString();
    }
  }

  private Plumb plumb() {
    return Plumb.builder()
        .appId("rerun")
        .scheduler(scheduler)
        .workflowStore(store)
        .workflow(new Order())
        .workflow(new Waiting())
        .workflow(new FanOut())
        .activity(activity("Reserve", in -> "reserved"))
        .activity(
            activity(
                "Pay",
                in -> {
                  if (gatewayDown || in.equals("bad")) {
                    throw new IllegalStateException("payment refused for " + in);
                  }
                  return "paid-" + in;
                }))
        .activity(activity("Ship", in -> "shipped " + in))
        .build();
  }

  private ActivityDefinition<String, String> activity(
      String name, java.util.function.Function<String, String> f) {
    return ActivityDefinition.of(
        name,
        String.class,
        String.class,
        (ctx, in) -> {
          runs.add(name + ":" + in);
          return f.apply(in);
        });
  }

  private WorkflowState failedOrder(Workflows wf, String id, String card) throws Exception {
    wf.schedule(Order.class, card, ScheduleOptions.id(id));
    await(() -> runs.contains("Reserve:" + card));
    await(() -> wf.history(id).stream().anyMatch(e -> e.type() == EventType.TIMER_CREATED));
    // Time skipping: the hour's timer fires at once.
    scheduler.advance(Duration.ofHours(1));
    return wf.waitForCompletion(id, Duration.ofSeconds(10));
  }

  private static void await(java.util.concurrent.Callable<Boolean> c) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(c);
  }

  private static int payEventId(Workflows wf, String id) {
    return wf.history(id).stream()
        .filter(e -> e.type() == EventType.TASK_SCHEDULED && "Pay".equals(e.name()))
        .mapToInt(HistoryEvent::taskId)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aFailedWorkflowRerunFromItsFailedActivityCompletesOnceTheActivityIsFixed() throws Exception {
    try (Plumb plumb = plumb()) {
      Workflows wf = plumb.workflows();
      WorkflowState failed = failedOrder(wf, "order-1", "visa");
      assertThat(failed.failure().orElseThrow().errorMessage()).contains("payment refused");
      int pay = payEventId(wf, "order-1");
      gatewayDown = false;
      runs.clear();

      String id = wf.rerun("order-1", pay, RerunOptions.defaults().withNewInstanceId("order-1b"));

      assertThat(id).isEqualTo("order-1b");
      WorkflowState s = wf.waitForCompletion(id, Duration.ofSeconds(10));
      assertThat(s.status()).as("%s", s.failure()).isEqualTo(WorkflowStatus.COMPLETED);
      assertThat(s.readOutputAs(String.class)).isEqualTo("shipped reserved+paid-visa");
      // Reserve and the timer come from the cloned history; only Pay and Ship run.
      assertThat(runs).containsExactly("Pay:visa", "Ship:reserved+paid-visa");
      assertThat(s.readInputAs(String.class)).isEqualTo("visa");
      assertThat(wf.get("order-1").orElseThrow().status()).isEqualTo(WorkflowStatus.FAILED);
      List<EventType> clone =
          wf.history(id).stream().map(HistoryEvent::type).collect(Collectors.toList());
      assertThat(clone).startsWith(EventType.WORKFLOW_STARTED, EventType.EXECUTION_STARTED);
      assertThat(clone).endsWith(EventType.EXECUTION_COMPLETED);
    }
  }

  @Test
  void aNewInputReplacesTheActivitysRecordedInput() throws Exception {
    gatewayDown = false;
    try (Plumb plumb = plumb()) {
      Workflows wf = plumb.workflows();
      failedOrder(wf, "order-bad", "bad");
      runs.clear();

      String id =
          wf.rerun(
              "order-bad", payEventId(wf, "order-bad"), RerunOptions.defaults().withInput("amex"));

      WorkflowState s = wf.waitForCompletion(id, Duration.ofSeconds(10));
      assertThat(s.readOutputAs(String.class)).isEqualTo("shipped reserved+paid-amex");
      assertThat(runs).containsExactly("Pay:amex", "Ship:reserved+paid-amex");
    }
  }

  @Test
  void aPeerScheduledBeforeTheActivityWithItsResultAfterRunsAgain() throws Exception {
    try (Plumb plumb = plumb()) {
      Workflows wf = plumb.workflows();
      wf.schedule(FanOut.class, "visa", ScheduleOptions.id("fan"));
      assertThat(wf.waitForCompletion("fan", Duration.ofSeconds(10)).status())
          .isEqualTo(WorkflowStatus.FAILED);
      gatewayDown = false;
      runs.clear();

      String id = wf.rerun("fan", payEventId(wf, "fan"), RerunOptions.defaults());

      WorkflowState s = wf.waitForCompletion(id, Duration.ofSeconds(10));
      assertThat(s.readOutputAs(String.class)).isEqualTo("[reserved, paid-visa]");
      // Both were scheduled in one step, before either result: the cut leaves Reserve open too.
      assertThat(runs).containsExactlyInAnyOrder("Reserve:visa", "Pay:visa");
    }
  }

  @Test
  void onlyAFinishedInstanceCanBeRerun() throws Exception {
    try (Plumb plumb = plumb()) {
      Workflows wf = plumb.workflows();
      wf.schedule(Waiting.class, "x", ScheduleOptions.id("running"));
      await(() -> runs.contains("Reserve:x"));
      assertThatThrownBy(() -> wf.rerun("running", 0, RerunOptions.defaults()))
          .isInstanceOf(WorkflowStateException.class)
          .hasMessageContaining("instance 'running' is RUNNING")
          .hasMessageContaining("only a finished instance");
      assertThatThrownBy(() -> wf.rerun("nobody", 0, RerunOptions.defaults()))
          .isInstanceOf(WorkflowNotFoundException.class);
      assertThatThrownBy(() -> wf.history("nobody")).isInstanceOf(WorkflowNotFoundException.class);
    }
  }

  @Test
  void theEventIdMustBeAnActivityAndTheNewIdNew() throws Exception {
    try (Plumb plumb = plumb()) {
      Workflows wf = plumb.workflows();
      failedOrder(wf, "order-2", "visa");
      assertThatThrownBy(() -> wf.rerun("order-2", 99, RerunOptions.defaults()))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("event id 99 of instance 'order-2' does not exist")
          .hasMessageContaining("0 'Reserve', 2 'Pay'");
      assertThatThrownBy(() -> wf.rerun("order-2", 1, RerunOptions.defaults()))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("is a TIMER_CREATED, not an activity");
      assertThatThrownBy(
              () -> wf.rerun("order-2", 0, RerunOptions.defaults().withNewInstanceId("order-2")))
          .isInstanceOf(WorkflowAlreadyExistsException.class);
      assertThat(wf.get("order-2").orElseThrow().status()).isEqualTo(WorkflowStatus.FAILED);
    }
  }
}
