package dev.plumb.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.workflow.ActivityContext;
import dev.plumb.api.workflow.ActivityDefinition;
import dev.plumb.api.workflow.RetryPolicy;
import dev.plumb.api.workflow.ScheduleOptions;
import dev.plumb.api.workflow.Task;
import dev.plumb.api.workflow.TaskFailedException;
import dev.plumb.api.workflow.TaskOptions;
import dev.plumb.api.workflow.Workflow;
import dev.plumb.api.workflow.WorkflowConfigurationException;
import dev.plumb.api.workflow.WorkflowContext;
import dev.plumb.api.workflow.WorkflowState;
import dev.plumb.api.workflow.WorkflowStatus;
import dev.plumb.api.workflow.spi.EventType;
import dev.plumb.api.workflow.spi.HistoryEvent;
import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.TestClock;
import dev.plumb.testkit.TestScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Typed activity interfaces: the workflow's stub and the registration of an implementation. */
class ActivityStubTest {
  private final InMemoryWorkflowStore store = new InMemoryWorkflowStore();
  private final TestScheduler scheduler = new TestScheduler(TestClock.start());
  private final List<String> audit = new CopyOnWriteArrayList<>();
  private final List<String> auditKeys = new CopyOnWriteArrayList<>();

  /** A line of an order. */
  record Line(String item, int quantity) {}

  /** A charge's receipt. */
  record Receipt(String item, int cents) {}

  /** The activities, as the implementation and the sequential workflow code see them. */
  interface Shop {
    List<Line> lines(String orderId);

    Receipt charge(Line line);

    int count();

    void audit(String message);

    Map<String, Integer> totals(List<Receipt> receipts);

    default String describe(Line line) {
      return line.quantity() + "x" + line.item();
    }
  }

  /** The same activities for fan-out: each call schedules and returns the task. */
  interface ShopAsync {
    Task<Receipt> charge(Line line);
  }

  final class ShopImpl implements Shop {
    @Override
    public List<Line> lines(String orderId) {
      return List.of(new Line("book", 2), new Line("pen", 3));
    }

    @Override
    public Receipt charge(Line line) {
      if (line.item().equals("bomb")) {
        throw new IllegalArgumentException("we do not sell bombs");
      }
      return new Receipt(line.item(), line.quantity() * 100);
    }

    @Override
    public int count() {
      return 7;
    }

    @Override
    public void audit(String message) {
      audit.add(message);
      auditKeys.add(ActivityContext.current().idempotencyKey());
    }

    @Override
    public Map<String, Integer> totals(List<Receipt> receipts) {
      return receipts.stream().collect(Collectors.toMap(Receipt::item, Receipt::cents));
    }
  }

  /** Uses every kind of stub method. */
  static final class Checkout implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String orderId) {
      Shop shop = ctx.activities(Shop.class);
      ShopAsync async = ctx.activities(ShopAsync.class);
      List<Line> lines = shop.lines(orderId);
      List<Task<Receipt>> charges = new ArrayList<>();
      for (Line l : lines) {
        charges.add(async.charge(l));
      }
      List<Receipt> receipts = ctx.allOf(charges).await();
      Map<String, Integer> totals = shop.totals(receipts);
      shop.audit(shop.describe(lines.get(0)) + " of " + shop.count());
      return totals.get("book") + "+" + totals.get("pen");
    }
  }

  /** Charges something the implementation refuses. */
  static final class Refused implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String item) {
      try {
        return ctx.activities(Shop.class).charge(new Line(item, 1)).item();
      } catch (TaskFailedException e) {
        return "refused: " + e.failure().errorMessage();
      }
    }
  }

  /** An activity that fails its first call. */
  interface Flaky {
    String once(String in);
  }

  private final java.util.concurrent.atomic.AtomicInteger flakyCalls =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Calls the flaky activity through a stub with retries. */
  static final class Retrying implements Workflow<String, String> {
    @Override
    public String run(WorkflowContext ctx, String in) {
      return ctx.activities(
              Flaky.class, TaskOptions.retry(RetryPolicy.builder(2, Duration.ofMinutes(1)).build()))
          .once(in);
    }
  }

  private Plumb plumb() {
    return Plumb.builder()
        .appId("stubs")
        .scheduler(scheduler)
        .workflowStore(store)
        .workflow(new Checkout())
        .workflow(new Refused())
        .workflow(new Retrying())
        .activities(
            Flaky.class,
            in -> {
              if (flakyCalls.incrementAndGet() == 1) {
                throw new IllegalStateException("first call fails");
              }
              return in + "!";
            })
        .activities(Shop.class, new ShopImpl())
        .build();
  }

  @Test
  void stubCallsAreActivitiesNamedAfterTheirMethodsWithGenericTypesIntact() throws Exception {
    try (Plumb plumb = plumb()) {
      String id = plumb.workflows().schedule(Checkout.class, "o-1", ScheduleOptions.id("stub"));
      WorkflowState s = plumb.workflows().waitForCompletion(id, Duration.ofSeconds(10));
      assertThat(s.status()).as("%s", s.failure()).isEqualTo(WorkflowStatus.COMPLETED);
      assertThat(s.readOutputAs(String.class)).isEqualTo("200+300");
      assertThat(audit).containsExactly("2xbook of 7");
      // The method reaches its own context: the key is the call's, stable across retries.
      assertThat(auditKeys).hasSize(1).allMatch(k -> k.startsWith("stub:1:"));
      assertThatThrownBy(ActivityContext::current)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("only available inside an activity");
      assertThat(
              store.history(id).stream()
                  .filter(e -> e.type() == EventType.TASK_SCHEDULED)
                  .map(HistoryEvent::name))
          .containsExactly("lines", "charge", "charge", "totals", "count", "audit");
    }
  }

  @Test
  void anActivityMethodsExceptionFailsTheCallAsItIs() throws Exception {
    try (Plumb plumb = plumb()) {
      String id = plumb.workflows().schedule(Refused.class, "bomb", ScheduleOptions.id("bomb"));
      assertThat(
              plumb
                  .workflows()
                  .waitForCompletion(id, Duration.ofSeconds(10))
                  .readOutputAs(String.class))
          .isEqualTo("refused: we do not sell bombs");
    }
  }

  @Test
  void theStubsOptionsApplyToEveryCall() throws Exception {
    try (Plumb plumb = plumb()) {
      String id = plumb.workflows().schedule(Retrying.class, "ok", ScheduleOptions.id("retry"));
      org.awaitility.Awaitility.await()
          .until(
              () -> store.history(id).stream().anyMatch(e -> e.type() == EventType.TIMER_CREATED));
      // Time skipping: the minute before the retry passes at once.
      scheduler.advance(Duration.ofMinutes(1));
      assertThat(
              plumb
                  .workflows()
                  .waitForCompletion(id, Duration.ofSeconds(10))
                  .readOutputAs(String.class))
          .isEqualTo("ok!");
      assertThat(flakyCalls.get()).isEqualTo(2);
    }
  }

  interface TwoArguments {
    String add(int a, int b);
  }

  interface Overloaded {
    String get(String key);

    String get(int index);
  }

  @Test
  void methodsThatCannotBeActivitiesAreRefusedByName() {
    assertThatThrownBy(() -> ActivityDefinition.allOf(TwoArguments.class, (a, b) -> "x"))
        .isInstanceOf(WorkflowConfigurationException.class)
        .hasMessageContaining("TwoArguments.add takes 2 arguments");
    assertThatThrownBy(() -> ActivityDefinition.allOf(Overloaded.class, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () ->
                ActivityDefinition.allOf(
                    Overloaded.class,
                    new Overloaded() {
                      @Override
                      public String get(String key) {
                        return key;
                      }

                      @Override
                      public String get(int index) {
                        return "" + index;
                      }
                    }))
        .isInstanceOf(WorkflowConfigurationException.class)
        .hasMessageContaining("Overloaded.get is overloaded");
    assertThatThrownBy(() -> ActivityDefinition.allOf(ShopAsync.class, line -> null))
        .isInstanceOf(WorkflowConfigurationException.class)
        .hasMessageContaining("ShopAsync.charge returns a Task");
    assertThatThrownBy(() -> ActivityDefinition.allOf(ShopImpl.class, new ShopImpl()))
        .isInstanceOf(WorkflowConfigurationException.class)
        .hasMessageContaining("is not an interface");
  }

  @Test
  void registeredDefinitionsKeepTheMethodsTypes() {
    List<ActivityDefinition<Object, Object>> defs =
        ActivityDefinition.allOf(Shop.class, new ShopImpl());
    Map<String, ActivityDefinition<Object, Object>> byName =
        defs.stream().collect(Collectors.toMap(ActivityDefinition::name, d -> d));
    assertThat(byName).containsOnlyKeys("lines", "charge", "count", "audit", "totals");
    assertThat(byName.get("lines").outputType().getTypeName())
        .isEqualTo("java.util.List<" + Line.class.getName() + ">");
    assertThat(byName.get("count").inputType()).isEqualTo(Void.class);
    assertThat(byName.get("count").outputType()).isEqualTo(Integer.class);
    assertThat(byName.get("audit").outputType()).isEqualTo(Void.class);
  }
}
