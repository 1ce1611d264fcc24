package dev.plumb.samples.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.workflow.ScheduleOptions;
import dev.plumb.api.workflow.WorkflowState;
import dev.plumb.api.workflow.WorkflowStatus;
import dev.plumb.api.workflow.Workflows;
import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.TestClock;
import dev.plumb.testkit.TestScheduler;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The order workflow, with the payment gateway's retries skipped in milliseconds. */
class OrderWorkflowTest {
  private final TestScheduler scheduler = new TestScheduler(TestClock.start());
  private final Shop shop = new Shop(() -> {});
  private final Plumb plumb =
      shop.register(Plumb.builder().appId("orders").scheduler(scheduler)).build();
  private final Workflows workflows = plumb.workflows();

  @AfterEach
  void close() {
    plumb.close();
  }

  @Test
  void anOrderIsShipped() throws Exception {
    workflows.schedule(OrderWorkflow.class, "order-1", ScheduleOptions.id("order-1"));
    WorkflowState s = workflows.waitForCompletion("order-1", Duration.ofSeconds(10));
    assertThat(s.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(s.readOutputAs(OrderResult.class))
        .isEqualTo(new OrderResult("shipped", "track-order-1"));
    assertThat(shop.log)
        .containsExactly(
            "fetch order-1", "reserve order-1", "pay order-1 key=order-1:1:2", "ship order-1");
  }

  @Test
  void aDeclinedPaymentReleasesTheInventory() throws Exception {
    workflows.schedule(OrderWorkflow.class, "big-order", ScheduleOptions.id("big-order"));
    WorkflowState s = workflows.waitForCompletion("big-order", Duration.ofSeconds(10));
    assertThat(s.readOutputAs(OrderResult.class).status()).isEqualTo("failed");
    assertThat(shop.log).contains("release big-order").doesNotContain("ship big-order");
  }

  @Test
  void theGatewayIsRetriedOnDurableTimersThatTheTestSkips() throws Exception {
    shop.failGateway(2);
    workflows.schedule(OrderWorkflow.class, "order-2", ScheduleOptions.id("order-2"));
    await().until(() -> shop.log.contains("gateway down order-2"));
    await().until(() -> scheduler.nextDue().isPresent());
    scheduler.advance(Duration.ofMinutes(5));
    await().until(() -> shop.log.stream().filter(l -> l.startsWith("gateway down")).count() == 2);
    await().until(() -> scheduler.nextDue().isPresent());
    scheduler.advance(Duration.ofMinutes(10));
    WorkflowState s = workflows.waitForCompletion("order-2", Duration.ofSeconds(10));
    assertThat(s.readOutputAs(OrderResult.class).status()).isEqualTo("shipped");
    assertThat(shop.log).contains("pay order-2 key=order-2:1:2");
  }
}
