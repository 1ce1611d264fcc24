package dev.plumb.samples.workflow;

import dev.plumb.api.workflow.RetryPolicy;
import dev.plumb.api.workflow.TaskOptions;
import dev.plumb.api.workflow.Workflow;
import dev.plumb.api.workflow.WorkflowContext;
import java.time.Duration;

/**
 * The article's order workflow, line for line. Plain code: each {@code callActivity(...).await()}
 * is a durable step, so a crash after {@code ProcessPayment} resumes at {@code ShipOrder}.
 */
public final class OrderWorkflow implements Workflow<String, OrderResult> {
  /** The payment gateway is retried on durable timers: 3 attempts, 5 minutes apart at first. */
  static final TaskOptions PAYMENT_RETRIES =
      TaskOptions.retry(
          RetryPolicy.builder(3, Duration.ofMinutes(5)).backoffCoefficient(2).build());

  @Override
  public OrderResult run(WorkflowContext ctx, String orderId) {
    Order order = ctx.callActivity("FetchOrder", orderId, Order.class).await();
    ctx.callActivity("ReserveInventory", order, Boolean.class).await();
    Payment payment =
        ctx.callActivity("ProcessPayment", order, PAYMENT_RETRIES, Payment.class).await();
    if (!payment.success()) {
      ctx.callActivity("ReleaseInventory", order).await();
      return new OrderResult("failed", payment.reference());
    }
    ctx.setCustomStatus("paid");
    String tracking = ctx.callActivity("ShipOrder", order, String.class).await();
    return new OrderResult("shipped", tracking);
  }
}
