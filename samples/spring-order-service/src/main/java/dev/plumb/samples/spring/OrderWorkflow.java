package dev.plumb.samples.spring;

import dev.plumb.api.actors.Actors;
import dev.plumb.api.workflow.Workflow;
import dev.plumb.api.workflow.WorkflowContext;
import dev.plumb.samples.spring.Orders.Order;
import dev.plumb.spring.PlumbActivities;
import org.springframework.stereotype.Component;

/**
 * The order workflow of the article: two activities, in order. Workflow code is replayed, so it
 * only calls activities; the activities do the I/O. Both activities are idempotent.
 */
@Component
class OrderWorkflow implements Workflow<Order, String> {

  /** The workflow's activities, each named after its method. */
  interface Steps {
    /** Checks the order out of the customer's cart actor; returns the items reserved. */
    int checkoutCart(Order order);

    /** Marks a placed order confirmed; returns its status. */
    String confirmOrder(String orderId);
  }

  @Override
  public String run(WorkflowContext ctx, Order order) {
    Steps steps = ctx.activities(Steps.class);
    steps.checkoutCart(order);
    return steps.confirmOrder(order.id());
  }

  /** Runs the steps; fetched from the context on the first call, so it may inject anything. */
  @Component
  @PlumbActivities(Steps.class)
  static final class OrderSteps implements Steps {
    private final Actors actors;
    private final OrderService orders;

    OrderSteps(Actors actors, OrderService orders) {
      this.actors = actors;
      this.orders = orders;
    }

    @Override
    public int checkoutCart(Order order) {
      return actors
          .proxy(Cart.class, order.customer())
          .checkout(new Cart.Checkout(order.id(), order.items()));
    }

    @Override
    public String confirmOrder(String orderId) {
      return orders
          .updateLatest(
              orderId, o -> o.status().equals(Orders.PLACED) ? o.withStatus(Orders.CONFIRMED) : o)
          .status();
    }
  }
}
