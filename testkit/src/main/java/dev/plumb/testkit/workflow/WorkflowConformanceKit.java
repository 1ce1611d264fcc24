package dev.plumb.testkit.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.workflow.ActivityDefinition;
import dev.plumb.api.workflow.InvalidInstanceIdException;
import dev.plumb.api.workflow.RetryPolicy;
import dev.plumb.api.workflow.ScheduleOptions;
import dev.plumb.api.workflow.Task;
import dev.plumb.api.workflow.TaskCanceledException;
import dev.plumb.api.workflow.TaskFailedException;
import dev.plumb.api.workflow.TaskOptions;
import dev.plumb.api.workflow.WorkflowContext;
import dev.plumb.api.workflow.WorkflowDefinition;
import dev.plumb.api.workflow.WorkflowNotFoundException;
import dev.plumb.api.workflow.WorkflowNotRegisteredException;
import dev.plumb.api.workflow.WorkflowPage;
import dev.plumb.api.workflow.WorkflowQuery;
import dev.plumb.api.workflow.WorkflowSerializationException;
import dev.plumb.api.workflow.WorkflowState;
import dev.plumb.api.workflow.WorkflowStateException;
import dev.plumb.api.workflow.WorkflowStatus;
import dev.plumb.api.workflow.Workflows;
import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.TestClock;
import dev.plumb.testkit.TestScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The workflow conformance kit: what the workflow engine must do on a given workflow store (Dapr's
 * workflow scenarios of SEMANTICS 13.8, and every pattern: chaining, fan-out/fan-in of 100, child
 * workflows, external events with timeout, monitor with continue-as-new, compensation). A store's
 * test extends this class and says how to add the store to a {@code Plumb} ({@link
 * #addWorkflowStore}); the kit builds {@code Plumb} instances on a {@link TestScheduler}, so a
 * timer of three days fires in milliseconds, and restarts them on the same store to check replay.
 *
 * <p>Requires {@code plumb-workflow} on the test class path.
 */
public abstract class WorkflowConformanceKit {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** The scenario's application id: {@code kit-<uuid>}. */
  protected String appId;

  private final List<Plumb> open = new ArrayList<>();
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  private final List<String> recorded = new CopyOnWriteArrayList<>();
  private final List<String> keys = new CopyOnWriteArrayList<>();
  private final List<Boolean> replays = new CopyOnWriteArrayList<>();
  private final List<UUID> uuids = new CopyOnWriteArrayList<>();
  private TestClock clock;
  private TestScheduler scheduler;
  private Plumb plumb;

  /**
   * Adds the workflow store under test to a builder. The kit calls this for every {@code Plumb} it
   * builds; within one scenario they must all reach the same data, since the restart scenarios
   * build a second instance on what the first one stored.
   *
   * @param builder the builder
   */
  protected abstract void addWorkflowStore(Plumb.Builder builder);

  @BeforeEach
  void startKit() {
    appId = "kit-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    clock = TestClock.start();
    plumb = start(null);
  }

  @AfterEach
  void stopKit() {
    open.forEach(Plumb::close);
    open.clear();
  }

  /** Builds a Plumb with the kit's workflows, {@code override} replacing the one of its name. */
  private Plumb start(WorkflowDefinition<?, ?> override) {
    scheduler = new TestScheduler(clock);
    Plumb.Builder b =
        Plumb.builder()
            .appId(appId)
            .scheduler(scheduler)
            .shutdownGracePeriod(Duration.ofSeconds(5));
    registerActivities(b);
    registerWorkflows(
        d -> {
          if (override == null || !override.name().equals(d.name())) {
            b.workflow(d);
          }
        });
    if (override != null) {
      b.workflow(override);
    }
    addWorkflowStore(b);
    Plumb p = b.build();
    open.add(p);
    return p;
  }

  private Plumb restart(WorkflowDefinition<?, ?> override) {
    plumb.close();
    open.remove(plumb);
    plumb = start(override);
    return plumb;
  }

  private Workflows wf() {
    return plumb.workflows();
  }

  private int runs(String activity) {
    return runs.computeIfAbsent(activity, k -> new AtomicInteger()).get();
  }

  private int count(String activity) {
    return runs.computeIfAbsent(activity, k -> new AtomicInteger()).incrementAndGet();
  }

  private void registerActivities(Plumb.Builder b) {
    b.activity(
        ActivityDefinition.of(
            "Hello",
            String.class,
            String.class,
            (ctx, in) -> {
              count("Hello");
              return "Hello, " + in + "!";
            }));
    b.activity(
        ActivityDefinition.of(
            "Add1",
            Integer.class,
            Integer.class,
            (ctx, in) -> {
              count("Add1");
              keys.add(ctx.idempotencyKey());
              return in + 1;
            }));
    b.activity(
        ActivityDefinition.of(
            "Square",
            Integer.class,
            Integer.class,
            (ctx, in) -> {
              count("Square");
              return in * in;
            }));
    b.activity(
        ActivityDefinition.of(
            "Fail",
            String.class,
            String.class,
            (ctx, in) -> {
              count("Fail");
              throw new IllegalStateException("boom: " + in);
            }));
    b.activity(
        ActivityDefinition.of(
            "Flaky",
            Integer.class,
            Integer.class,
            (ctx, failures) -> {
              int n = count("Flaky");
              keys.add(ctx.idempotencyKey() + "#" + ctx.attempt());
              if (n <= failures) {
                throw new IllegalStateException("attempt " + n + " fails");
              }
              return n;
            }));
    b.activity(
        ActivityDefinition.of(
            "Record",
            String.class,
            String.class,
            (ctx, in) -> {
              count("Record");
              recorded.add(in);
              return in;
            }));
  }

  private void registerWorkflows(Consumer<WorkflowDefinition<?, ?>> b) {
    b.accept(
        WorkflowDefinition.of(
            "Single",
            String.class,
            String.class,
            (ctx, in) -> ctx.callActivity("Hello", in, String.class).await()));
    b.accept(
        WorkflowDefinition.of(
            "Chain",
            Integer.class,
            Integer.class,
            (ctx, in) -> {
              int v = in;
              for (int i = 0; i < 5; i++) {
                v = ctx.callActivity("Add1", v, Integer.class).await();
              }
              return v;
            }));
    b.accept(
        WorkflowDefinition.of(
            "FanOut",
            Integer.class,
            Integer.class,
            (ctx, n) -> {
              List<Task<Integer>> tasks = new ArrayList<>();
              for (int i = 1; i <= n; i++) {
                tasks.add(ctx.callActivity("Square", i, Integer.class));
              }
              return ctx.allOf(tasks).await().stream().mapToInt(Integer::intValue).sum();
            }));
    b.accept(
        WorkflowDefinition.of(
            "Failing",
            String.class,
            String.class,
            (ctx, in) -> ctx.callActivity("Fail", in, String.class).await()));
    b.accept(
        WorkflowDefinition.of(
            "CallsMissing",
            String.class,
            String.class,
            (ctx, in) -> ctx.callActivity("Missing", in, String.class).await()));
    b.accept(
        WorkflowDefinition.of(
            "Retrying",
            Integer.class,
            Integer.class,
            (ctx, failures) ->
                ctx.callActivity(
                        "Flaky",
                        failures,
                        TaskOptions.retry(
                            RetryPolicy.builder(3, Duration.ofMinutes(1))
                                .backoffCoefficient(2)
                                .build()),
                        Integer.class)
                    .await()));
    b.accept(
        WorkflowDefinition.of(
            "Sleeper",
            Long.class,
            Long.class,
            (ctx, days) -> {
              Instant begin = ctx.getCurrentInstant();
              ctx.setCustomStatus("sleeping");
              ctx.createTimer(Duration.ofDays(days)).await();
              return Duration.between(begin, ctx.getCurrentInstant()).toSeconds();
            }));
    b.accept(
        WorkflowDefinition.of(
            "Approval",
            Long.class,
            String.class,
            (ctx, timeoutSeconds) -> {
              ctx.setCustomStatus("waiting");
              try {
                String by =
                    ctx.waitForExternalEvent(
                            "Approved",
                            timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds),
                            String.class)
                        .await();
                return "approved by " + by;
              } catch (TaskCanceledException e) {
                return "timed out";
              }
            }));
    b.accept(
        WorkflowDefinition.of(
            "TwoEvents",
            String.class,
            String.class,
            (ctx, in) -> {
              ctx.setCustomStatus("waiting");
              Task<String> first = ctx.waitForExternalEvent("x", String.class);
              Task<String> second = ctx.waitForExternalEvent("X", String.class);
              return first.await() + "," + second.await();
            }));
    b.accept(
        WorkflowDefinition.of(
            "Parent",
            Integer.class,
            Integer.class,
            (ctx, n) -> {
              List<Task<Integer>> kids = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                kids.add(ctx.callChildWorkflow("Chain", i * 10, Integer.class));
              }
              return ctx.allOf(kids).await().stream().mapToInt(Integer::intValue).sum();
            }));
    b.accept(
        WorkflowDefinition.of(
            "ParentOfWaiter",
            String.class,
            String.class,
            (ctx, childId) -> {
              ctx.setCustomStatus("started child");
              return ctx.callChildWorkflow("Approval", null, childId, null, String.class).await();
            }));
    b.accept(
        WorkflowDefinition.of(
            "Monitor",
            Integer.class,
            Integer.class,
            (ctx, count) -> {
              if (count >= 5) {
                return count;
              }
              ctx.setCustomStatus("round " + count);
              ctx.createTimer(Duration.ofMinutes(10)).await();
              ctx.continueAsNew(count + 1);
              return -1;
            }));
    b.accept(
        WorkflowDefinition.of(
            "Carry",
            Integer.class,
            Integer.class,
            (ctx, round) -> {
              ctx.setCustomStatus("round " + round);
              Integer got = ctx.waitForExternalEvent("tick", Integer.class).await();
              if (round >= 3) {
                return round * 100 + got;
              }
              ctx.continueAsNew(round + 1, true);
              return -1;
            }));
    b.accept(
        WorkflowDefinition.of(
            "Saga",
            String.class,
            String.class,
            (ctx, trip) -> {
              ctx.callActivity("Record", "book hotel " + trip, String.class).await();
              try {
                ctx.callActivity("Fail", "book flight " + trip, String.class).await();
                return "booked";
              } catch (TaskFailedException e) {
                ctx.callActivity("Record", "cancel hotel " + trip, String.class).await();
                return "compensated: " + e.failure().errorMessage();
              }
            }));
    b.accept(
        WorkflowDefinition.of(
            "GoThenRecord",
            String.class,
            String.class,
            (ctx, in) -> {
              ctx.setCustomStatus("waiting");
              ctx.waitForExternalEvent("go", String.class).await();
              return ctx.callActivity("Record", "after go " + in, String.class).await();
            }));
    b.accept(
        WorkflowDefinition.of(
            "Replayed",
            String.class,
            String.class,
            (ctx, in) -> {
              replays.add(ctx.isReplaying());
              uuids.add(ctx.newUuid());
              ctx.callActivity("Record", "one " + in, String.class).await();
              replays.add(ctx.isReplaying());
              ctx.setCustomStatus("waiting");
              String go = ctx.waitForExternalEvent("go", String.class).await();
              replays.add(ctx.isReplaying());
              ctx.callActivity("Record", "two " + in, String.class).await();
              return go;
            }));
    b.accept(
        WorkflowDefinition.of(
            "AnyOf",
            String.class,
            String.class,
            (ctx, in) -> {
              ctx.setCustomStatus("waiting");
              Task<String> event = ctx.waitForExternalEvent("answer", String.class);
              Task<Void> timer = ctx.createTimer(Duration.ofHours(1));
              Task<?> first = ctx.anyOf(List.of(event, timer)).await();
              return first == event ? "answer " + event.await() : "no answer";
            }));
  }

  private WorkflowState done(String id) throws Exception {
    return wf().waitForCompletion(id, WAIT);
  }

  private void awaitStatus(String id, String customStatus) {
    await()
        .atMost(WAIT)
        .until(
            () ->
                wf().get(id)
                    .map(
                        s ->
                            s.status() == WorkflowStatus.RUNNING
                                && customStatus.equals(s.readCustomStatusAs(String.class)))
                    .orElse(false));
  }

  // ---- SEMANTICS 13.8 ----

  /** {@code basic/single}: an activity's result is the workflow's output. */
  @Test
  public void singleActivityCompletesWithItsOutput() throws Exception {
    String id = wf().schedule("Single", "Dapr", ScheduleOptions.id("single-1"));
    assertThat(id).isEqualTo("single-1");
    WorkflowState s = done(id);
    assertThat(s.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(s.readOutputAs(String.class)).isEqualTo("Hello, Dapr!");
    assertThat(s.readInputAs(String.class)).isEqualTo("Dapr");
    assertThat(s.name()).isEqualTo("Single");
    assertThat(s.failure()).isEmpty();
  }

  /** An activity that throws fails the workflow with the failure's type and message. */
  @Test
  public void activityFailureFailsTheWorkflowWithDetails() throws Exception {
    WorkflowState s = done(wf().schedule("Failing", "x"));
    assertThat(s.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(s.failure()).isPresent();
    assertThat(s.failure().get().errorType()).isEqualTo(TaskFailedException.class.getName());
    assertThat(s.failure().get().errorMessage()).contains("Fail").contains("boom: x");
  }

  /** Retries wait on durable timers; each attempt is counted and shares one idempotency key. */
  @Test
  public void retryPolicyRetriesOnDurableTimers() throws Exception {
    String id = wf().schedule("Retrying", 2);
    await().atMost(WAIT).until(() -> runs("Flaky") == 1);
    await().atMost(WAIT).until(() -> scheduler.nextDue().isPresent());
    scheduler.advance(Duration.ofMinutes(1));
    await().atMost(WAIT).until(() -> runs("Flaky") == 2);
    await().atMost(WAIT).until(() -> scheduler.nextDue().isPresent());
    scheduler.advance(Duration.ofMinutes(2));
    WorkflowState s = done(id);
    assertThat(s.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(s.readOutputAs(Integer.class)).isEqualTo(3);
    assertThat(keys).hasSize(3);
    assertThat(keys.stream().map(k -> k.substring(0, k.indexOf('#'))).distinct()).hasSize(1);
    assertThat(keys.stream().map(k -> k.substring(k.indexOf('#') + 1)))
        .containsExactly("1", "2", "3");
  }

  /** Retries stop at the policy's maximum and the failure surfaces. */
  @Test
  public void retryPolicyGivesUpAfterMaxAttempts() throws Exception {
    String id = wf().schedule("Retrying", 10);
    for (int attempt = 1; attempt < 3; attempt++) {
      int a = attempt;
      await().atMost(WAIT).until(() -> runs("Flaky") == a);
      await().atMost(WAIT).until(() -> scheduler.nextDue().isPresent());
      scheduler.advance(Duration.ofMinutes(2L * a));
    }
    WorkflowState s = done(id);
    assertThat(s.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(runs("Flaky")).isEqualTo(3);
  }

  /** A three-day timer fires when the test scheduler skips three days, not before. */
  @Test
  public void durableTimerOfThreeDaysSkipsTime() throws Exception {
    String id = wf().schedule("Sleeper", 3L);
    awaitStatus(id, "sleeping");
    scheduler.advance(Duration.ofDays(3).minusMinutes(1));
    assertThat(wf().get(id).orElseThrow().status()).isEqualTo(WorkflowStatus.RUNNING);
    scheduler.advance(Duration.ofMinutes(1));
    WorkflowState s = done(id);
    assertThat(s.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(s.readOutputAs(Long.class)).isGreaterThanOrEqualTo(Duration.ofDays(3).toSeconds());
  }

  /** An external event raised after the wait is delivered. */
  @Test
  public void externalEventAfterTheWait() throws Exception {
    String id = wf().schedule("Approval", null);
    awaitStatus(id, "waiting");
    wf().raiseEvent(id, "approved", "alice");
    assertThat(done(id).readOutputAs(String.class)).isEqualTo("approved by alice");
  }

  /** Events raised before the wait are buffered, names are case-insensitive, waiters are FIFO. */
  @Test
  public void externalEventsBufferedAndFifo() throws Exception {
    String id = wf().schedule("TwoEvents", "in", ScheduleOptions.id("two-events"));
    wf().raiseEvent(id, "X", "a");
    wf().raiseEvent(id, "x", "b");
    assertThat(done(id).readOutputAs(String.class)).isEqualTo("a,b");
  }

  /** A wait with a timeout is cancelled when the timeout passes. */
  @Test
  public void externalEventTimeoutCancelsTheWait() throws Exception {
    String id = wf().schedule("Approval", 3600L);
    awaitStatus(id, "waiting");
    scheduler.advance(Duration.ofHours(1));
    assertThat(done(id).readOutputAs(String.class)).isEqualTo("timed out");
    assertThatThrownBy(() -> wf().raiseEvent(id, "approved", "late"))
        .isInstanceOf(WorkflowStateException.class);
  }

  /** anyOf completes with the first task: the event beats the timer. */
  @Test
  public void anyOfTakesTheFirst() throws Exception {
    String id = wf().schedule("AnyOf", null);
    awaitStatus(id, "waiting");
    wf().raiseEvent(id, "answer", "42");
    assertThat(done(id).readOutputAs(String.class)).isEqualTo("answer 42");
    String late = wf().schedule("AnyOf", null);
    awaitStatus(late, "waiting");
    scheduler.advance(Duration.ofHours(1));
    assertThat(done(late).readOutputAs(String.class)).isEqualTo("no answer");
  }

  /** A suspended instance holds its events until resumed. */
  @Test
  public void suspendHoldsEventsUntilResume() throws Exception {
    String id = wf().schedule("Approval", null);
    awaitStatus(id, "waiting");
    wf().suspend(id, "maintenance");
    await()
        .atMost(WAIT)
        .until(() -> wf().get(id).orElseThrow().status() == WorkflowStatus.SUSPENDED);
    wf().raiseEvent(id, "Approved", "bob");
    assertThatThrownBy(() -> wf().waitForCompletion(id, Duration.ofMillis(300)))
        .isInstanceOf(java.util.concurrent.TimeoutException.class);
    assertThat(wf().get(id).orElseThrow().status()).isEqualTo(WorkflowStatus.SUSPENDED);
    wf().resume(id, "done");
    assertThat(done(id).readOutputAs(String.class)).isEqualTo("approved by bob");
  }

  /** {@code basic/terminate}: terminated while waiting; the activity after the wait never runs. */
  @Test
  public void terminateStopsAndSkipsPendingWork() throws Exception {
    String id = wf().schedule("GoThenRecord", "t");
    awaitStatus(id, "waiting");
    wf().terminate(id, "stopped by test");
    WorkflowState s = done(id);
    assertThat(s.status()).isEqualTo(WorkflowStatus.TERMINATED);
    assertThat(s.readOutputAs(String.class)).isEqualTo("stopped by test");
    assertThatThrownBy(() -> wf().raiseEvent(id, "go", "x"))
        .isInstanceOf(WorkflowStateException.class);
    assertThat(recorded).isEmpty();
    wf().terminate(id, "again"); // a finished instance: nothing happens
  }

  /** Terminating a parent terminates its running child workflows. */
  @Test
  public void terminateIsRecursive() throws Exception {
    String parent = wf().schedule("ParentOfWaiter", "kid-1", ScheduleOptions.id("parent-1"));
    awaitStatus("kid-1", "waiting");
    wf().terminate(parent, null);
    assertThat(done(parent).status()).isEqualTo(WorkflowStatus.TERMINATED);
    assertThat(done("kid-1").status()).isEqualTo(WorkflowStatus.TERMINATED);
    assertThat(wf().get("kid-1").orElseThrow().parentInstanceId()).contains(parent);
  }

  /** {@code basic/purge}: only a finished instance is purged, then it is gone, with children. */
  @Test
  public void purgeOnlyFinishedAndRecursive() throws Exception {
    String running = wf().schedule("Approval", null);
    awaitStatus(running, "waiting");
    assertThatThrownBy(() -> wf().purge(running)).isInstanceOf(WorkflowStateException.class);
    String parent = wf().schedule("Parent", 2, ScheduleOptions.id("purge-parent"));
    assertThat(done(parent).readOutputAs(Integer.class)).isEqualTo(0 + 5 + 10 + 5);
    List<String> kids =
        List.of("purge-parent-1-0", "purge-parent-1-1").stream()
            .filter(k -> wf().get(k).isPresent())
            .toList();
    assertThat(kids).hasSize(2);
    assertThat(wf().purge(parent)).isTrue();
    assertThat(wf().get(parent)).isEmpty();
    kids.forEach(k -> assertThat(wf().get(k)).isEmpty());
    assertThat(wf().purge(parent)).isFalse();
    assertThatThrownBy(() -> wf().waitForCompletion(parent, Duration.ofMillis(10)))
        .isInstanceOf(WorkflowNotFoundException.class);
  }

  /** A finished instance's id can be reused; an unfinished one's cannot. */
  @Test
  public void instanceIdReuse() throws Exception {
    String id = wf().schedule("Single", "one", ScheduleOptions.id("reused"));
    assertThat(done(id).readOutputAs(String.class)).isEqualTo("Hello, one!");
    wf().schedule("Single", "two", ScheduleOptions.id("reused"));
    assertThat(done(id).readOutputAs(String.class)).isEqualTo("Hello, two!");
    String waiting = wf().schedule("Approval", null, ScheduleOptions.id("busy"));
    awaitStatus(waiting, "waiting");
    assertThatThrownBy(() -> wf().schedule("Single", "x", ScheduleOptions.id("busy")))
        .isInstanceOf(dev.plumb.api.workflow.WorkflowAlreadyExistsException.class);
  }

  /** A scheduled start time keeps the instance PENDING until it comes. */
  @Test
  public void scheduledStartTime() throws Exception {
    Instant at = clock.instant().plus(Duration.ofHours(2));
    String id = wf().schedule("Single", "later", ScheduleOptions.defaults().startingAt(at));
    assertThat(wf().get(id).orElseThrow().status()).isEqualTo(WorkflowStatus.PENDING);
    assertThatThrownBy(() -> wf().waitForStart(id, Duration.ofMillis(200)))
        .isInstanceOf(java.util.concurrent.TimeoutException.class);
    scheduler.advance(Duration.ofHours(2));
    assertThat(done(id).readOutputAs(String.class)).isEqualTo("Hello, later!");
  }

  // ---- patterns ----

  /** Chaining: five activities in a row. */
  @Test
  public void chaining() throws Exception {
    assertThat(done(wf().schedule("Chain", 10)).readOutputAs(Integer.class)).isEqualTo(15);
    assertThat(runs("Add1")).isEqualTo(5);
    assertThat(keys).doesNotHaveDuplicates();
  }

  /** Fan-out/fan-in: 100 activities in parallel, results in order. */
  @Test
  public void fanOutFanInOf100() throws Exception {
    int expected = 0;
    for (int i = 1; i <= 100; i++) {
      expected += i * i;
    }
    assertThat(done(wf().schedule("FanOut", 100)).readOutputAs(Integer.class)).isEqualTo(expected);
    assertThat(runs("Square")).isEqualTo(100);
  }

  /** Child workflows: three children, their outputs combined. */
  @Test
  public void childWorkflows() throws Exception {
    String id = wf().schedule("Parent", 3);
    assertThat(done(id).readOutputAs(Integer.class)).isEqualTo(5 + 15 + 25);
    assertThat(runs("Add1")).isEqualTo(15);
  }

  /** Monitor: a loop of timers with continue-as-new, its history reset each round. */
  @Test
  public void monitorWithContinueAsNew() throws Exception {
    String id = wf().schedule("Monitor", 0);
    for (int round = 0; round < 5; round++) {
      awaitStatus(id, "round " + round);
      await().atMost(WAIT).until(() -> scheduler.nextDue().isPresent());
      scheduler.advance(Duration.ofMinutes(10));
    }
    WorkflowState s = done(id);
    assertThat(s.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(s.readOutputAs(Integer.class)).isEqualTo(5);
    assertThat(s.readInputAs(Integer.class)).isEqualTo(5);
  }

  /** {@code continueasnew}: with preserveUnprocessedEvents each run receives its own event. */
  @Test
  public void continueAsNewCarriesUnprocessedEvents() throws Exception {
    String id = wf().schedule("Carry", 0, ScheduleOptions.id("carry"));
    awaitStatus(id, "round 0");
    for (int i = 1; i <= 4; i++) {
      wf().raiseEvent(id, "tick", i);
    }
    assertThat(done(id).readOutputAs(Integer.class)).isEqualTo(304);
  }

  /** Compensation: a failed step undoes the one before. */
  @Test
  public void compensation() throws Exception {
    WorkflowState s = done(wf().schedule("Saga", "rome"));
    assertThat(s.readOutputAs(String.class)).isEqualTo("compensated: boom: book flight rome");
    assertThat(recorded).containsExactly("book hotel rome", "cancel hotel rome");
  }

  // ---- replay ----

  /**
   * A restart replays the history: completed activities do not run again, {@code isReplaying} is
   * true only while replaying, {@code newUuid} gives the same value, and the instance completes.
   */
  @Test
  public void restartReplaysWithoutRerunningActivities() throws Exception {
    String id = wf().schedule("Replayed", "r", ScheduleOptions.id("replayed"));
    awaitStatus(id, "waiting");
    assertThat(recorded).containsExactly("one r");
    restart(null);
    wf().raiseEvent(id, "go", "went");
    assertThat(done(id).readOutputAs(String.class)).isEqualTo("went");
    assertThat(recorded).containsExactly("one r", "two r");
    assertThat(replays).containsExactly(false, false, true, true, false);
    assertThat(uuids).hasSize(2);
    assertThat(uuids.get(0)).isEqualTo(uuids.get(1));
  }

  /**
   * A restart while a retry waits on its durable timer: the new engine finds the timer in the
   * store, replays the failed attempt from history (without running it again) and runs the retry.
   */
  @Test
  public void restartDuringARetryKeepsItsDurableTimer() throws Exception {
    String id = wf().schedule("Retrying", 1, ScheduleOptions.id("retry-restart"));
    await().atMost(WAIT).until(() -> runs("Flaky") == 1);
    await().atMost(WAIT).until(() -> scheduler.nextDue().isPresent());
    restart(null);
    await().atMost(WAIT).until(() -> scheduler.nextDue().isPresent());
    assertThat(runs("Flaky")).isEqualTo(1);
    scheduler.advance(Duration.ofMinutes(1));
    WorkflowState s = done(id);
    assertThat(s.readOutputAs(Integer.class)).isEqualTo(2);
    assertThat(runs("Flaky")).isEqualTo(2);
    assertThat(keys.stream().map(k -> k.substring(0, k.indexOf('#'))).distinct()).hasSize(1);
  }

  /** A parent and its child survive a restart; the child's result reaches the replayed parent. */
  @Test
  public void restartWithAChildInFlight() throws Exception {
    String parent = wf().schedule("ParentOfWaiter", "kid-r", ScheduleOptions.id("parent-r"));
    awaitStatus("kid-r", "waiting");
    restart(null);
    wf().raiseEvent("kid-r", "Approved", "carol");
    assertThat(done(parent).readOutputAs(String.class)).isEqualTo("approved by carol");
    assertThat(done("kid-r").status()).isEqualTo(WorkflowStatus.COMPLETED);
  }

  /** A suspended instance stays suspended across a restart and holds its events until resumed. */
  @Test
  public void suspensionSurvivesARestart() throws Exception {
    String id = wf().schedule("Approval", null, ScheduleOptions.id("suspended-r"));
    awaitStatus(id, "waiting");
    wf().suspend(id, null);
    await()
        .atMost(WAIT)
        .until(() -> wf().get(id).orElseThrow().status() == WorkflowStatus.SUSPENDED);
    restart(null);
    wf().raiseEvent(id, "Approved", "dave");
    assertThatThrownBy(() -> wf().waitForCompletion(id, Duration.ofMillis(300)))
        .isInstanceOf(java.util.concurrent.TimeoutException.class);
    wf().resume(id, null);
    assertThat(done(id).readOutputAs(String.class)).isEqualTo("approved by dave");
  }

  /** A cached instance resumes on its next event without replaying its history. */
  @Test
  public void liveInstanceResumesWithoutReplay() throws Exception {
    String id = wf().schedule("Replayed", "live", ScheduleOptions.id("live"));
    awaitStatus(id, "waiting");
    wf().raiseEvent(id, "go", "now");
    assertThat(done(id).readOutputAs(String.class)).isEqualTo("now");
    assertThat(replays).containsExactly(false, false, false);
    assertThat(recorded).containsExactly("one live", "two live");
  }

  /** Code that no longer matches the history stalls the instance with the reason. */
  @Test
  public void nonDeterministicCodeStalls() throws Exception {
    String id = wf().schedule("GoThenRecord", "d", ScheduleOptions.id("det"));
    awaitStatus(id, "waiting");
    wf().raiseEvent(id, "go", "1");
    assertThat(done(id).status()).isEqualTo(WorkflowStatus.COMPLETED);
    String id2 = wf().schedule("Replayed", "d2", ScheduleOptions.id("det2"));
    awaitStatus(id2, "waiting");
    restart(
        WorkflowDefinition.of(
            "Replayed",
            String.class,
            String.class,
            (WorkflowContext ctx, String in) -> {
              ctx.callActivity("Hello", in, String.class).await();
              return ctx.waitForExternalEvent("go", String.class).await();
            }));
    assertThat(wf().get(id2).orElseThrow().status()).isEqualTo(WorkflowStatus.RUNNING);
    wf().raiseEvent(id2, "go", "x");
    await()
        .atMost(WAIT)
        .until(() -> wf().get(id2).orElseThrow().status() == WorkflowStatus.STALLED);
    WorkflowState s = wf().get(id2).orElseThrow();
    assertThat(s.stalledReason().orElseThrow()).contains("Record").contains("Hello");
    assertThatThrownBy(() -> wf().purge(id2)).isInstanceOf(WorkflowStateException.class);
    wf().terminate(id2, null);
    assertThat(done(id2).status()).isEqualTo(WorkflowStatus.TERMINATED);
    assertThat(wf().purge(id2)).isTrue();
  }

  /** {@code isPatched}: false for an instance that passed the point before the patch. */
  @Test
  public void isPatchedIsFalseForOldInstances() throws Exception {
    String old = wf().schedule("GoThenRecord", "old", ScheduleOptions.id("old"));
    awaitStatus(old, "waiting");
    WorkflowDefinition<String, String> patched =
        WorkflowDefinition.of(
            "GoThenRecord",
            String.class,
            String.class,
            (WorkflowContext ctx, String in) -> {
              boolean p = ctx.isPatched("shout");
              ctx.setCustomStatus("waiting");
              ctx.waitForExternalEvent("go", String.class).await();
              return ctx.callActivity("Record", (p ? "PATCHED " : "after go ") + in, String.class)
                  .await();
            });
    restart(patched);
    wf().raiseEvent(old, "go", "1");
    assertThat(done(old).readOutputAs(String.class)).isEqualTo("after go old");
    String fresh = wf().schedule("GoThenRecord", "new", ScheduleOptions.id("fresh"));
    awaitStatus(fresh, "waiting");
    wf().raiseEvent(fresh, "go", "1");
    assertThat(done(fresh).readOutputAs(String.class)).isEqualTo("PATCHED new");
  }

  // ---- management ----

  /** list filters by status and name and pages. */
  @Test
  public void listByStatusNameAndPages() throws Exception {
    for (int i = 0; i < 5; i++) {
      done(wf().schedule("Single", "n" + i));
    }
    String waiting = wf().schedule("Approval", null);
    awaitStatus(waiting, "waiting");
    WorkflowPage running = wf().list(WorkflowQuery.all().status(WorkflowStatus.RUNNING));
    assertThat(running.instances()).extracting(WorkflowState::instanceId).contains(waiting);
    assertThat(running.instances()).allMatch(s -> s.status() == WorkflowStatus.RUNNING);
    WorkflowPage first =
        wf().list(WorkflowQuery.all().name("Single").status(WorkflowStatus.COMPLETED).pageSize(3));
    assertThat(first.instances()).hasSize(3);
    assertThat(first.next()).isPresent();
    WorkflowPage second =
        wf().list(
                WorkflowQuery.all()
                    .name("Single")
                    .status(WorkflowStatus.COMPLETED)
                    .pageSize(3)
                    .after(first.next().get()));
    assertThat(second.instances()).hasSize(2);
    assertThat(second.next()).isEmpty();
  }

  /** Bad input: each a clear WorkflowException subtype, nothing written. */
  @Test
  public void badInput() throws Exception {
    assertThatThrownBy(() -> wf().schedule("Nope", "x"))
        .isInstanceOf(WorkflowNotRegisteredException.class)
        .hasMessageContaining("Nope");
    assertThatThrownBy(() -> wf().schedule("Single", "x", ScheduleOptions.id("bad id!")))
        .isInstanceOf(InvalidInstanceIdException.class)
        .hasMessageContaining("ERR_INSTANCE_ID_INVALID");
    assertThatThrownBy(() -> wf().schedule("Single", "x", ScheduleOptions.id("a".repeat(65))))
        .isInstanceOf(InvalidInstanceIdException.class)
        .hasMessageContaining("ERR_INSTANCE_ID_TOO_LONG");
    assertThatThrownBy(() -> wf().schedule("Single", new Object(), ScheduleOptions.id("ser")))
        .isInstanceOf(WorkflowSerializationException.class);
    assertThat(wf().get("ser")).isEmpty();
    assertThatThrownBy(() -> wf().raiseEvent("missing", "e", null))
        .isInstanceOf(WorkflowNotFoundException.class);
    assertThatThrownBy(() -> wf().raiseEvent("missing", "", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ERR_WORKFLOW_EVENT_NAME_MISSING");
    WorkflowState s = done(wf().schedule("CallsMissing", "x"));
    assertThat(s.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(s.failure().orElseThrow().errorType())
        .isEqualTo(WorkflowNotRegisteredException.class.getName());
  }
}
