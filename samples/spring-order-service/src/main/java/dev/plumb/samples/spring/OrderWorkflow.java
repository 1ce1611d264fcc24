package dev.plumb.samples.spring;

import dev.plumb.api.actors.Actors;
import dev.plumb.api.workflow.Activity;
import dev.plumb.api.workflow.ActivityContext;
import dev.plumb.api.workflow.Workflow;
import dev.plumb.api.workflow.WorkflowContext;
import dev.plumb.samples.spring.Orders.Order;
import org.springframework.stereotype.Component;

/**
 * The order workflow of the article: two activities, in order. Workflow code is replayed, so it
 * only calls activities; the activities do the I/O. Both activities are idempotent.
 */
@Component
class OrderWorkflow implements Workflow<Order, String> {

  @Override
  public String run(WorkflowContext ctx, Order order) {
    ctx.callActivity("CheckoutCart", order, Integer.class).await();
    return ctx.callActivity("ConfirmOrder", order.id(), String.class).await();
  }

  /** Checks the order out of the customer's cart actor; returns the items reserved. */
  @Component
  static final class CheckoutCart implements Activity<Order, Integer> {
    private final Actors actors;

    CheckoutCart(Actors actors) {
      this.actors = actors;
    }

    @Override
    public Integer run(ActivityContext ctx, Order order) {
      return actors
          .proxy(Cart.class, order.customer())
          .checkout(new Cart.Checkout(order.id(), order.items()));
    }
  }

  /** Marks a placed order confirmed; returns its status. */
  @Component
  static final class ConfirmOrder implements Activity<String, String> {
    private final OrderService orders;

    ConfirmOrder(OrderService orders) {
      this.orders = orders;
    }

    @Override
    public String run(ActivityContext ctx, String orderId) {
      return orders
          .updateLatest(
              orderId, o -> o.status().equals(Orders.PLACED) ? o.withStatus(Orders.CONFIRMED) : o)
          .status();
    }
  }
}
