package dev.plumb.samples.spring;

import dev.plumb.api.actors.Actors;
import dev.plumb.samples.spring.Orders.Order;
import org.springframework.stereotype.Service;

/**
 * Fulfils a placed order: checks it out of the customer's cart actor, then marks it confirmed. Both
 * steps are idempotent, so a redelivered event does no harm.
 *
 * <p>This is the seam for the order workflow of the article: once Plumb's workflow engine is in the
 * application ({@code Plumb#workflows()}), {@link #fulfil} schedules the workflow and these two
 * steps become its activities, each retried and resumed on its own.
 */
@Service
class OrderFulfilment {
  private final Actors actors;
  private final OrderService orders;

  OrderFulfilment(Actors actors, OrderService orders) {
    this.actors = actors;
    this.orders = orders;
  }

  void fulfil(Order order) {
    actors
        .proxy(Cart.class, order.customer())
        .checkout(new Cart.Checkout(order.id(), order.items()));
    orders.updateLatest(
        order.id(), o -> o.status().equals(Orders.PLACED) ? o.withStatus(Orders.CONFIRMED) : o);
  }
}
