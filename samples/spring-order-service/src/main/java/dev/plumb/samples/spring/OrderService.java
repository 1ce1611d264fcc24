package dev.plumb.samples.spring;

import dev.plumb.api.pubsub.PubSub;
import dev.plumb.api.state.ETag;
import dev.plumb.api.state.ETagMismatchException;
import dev.plumb.api.state.SaveOptions;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.StateStore;
import dev.plumb.samples.spring.Orders.Order;
import dev.plumb.samples.spring.Orders.OrderRequest;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Service;

/** Orders in the state store, with optimistic concurrency by ETag; events to {@code orders}. */
@Service
class OrderService {
  static final String TOPIC = "orders";
  private final StateStore orderstore;
  private final PubSub orderpubsub;

  // The only state store and pub/sub of the application: injected without a qualifier.
  OrderService(StateStore orderstore, PubSub orderpubsub) {
    this.orderstore = orderstore;
    this.orderpubsub = orderpubsub;
  }

  /** Saves a new order (first write: it never overwrites one) and publishes it. */
  Order place(OrderRequest request) {
    Order order =
        new Order(
            UUID.randomUUID().toString(),
            request.customer(),
            request.items(),
            request.totalCents(),
            Orders.PLACED);
    orderstore.save(order.id(), order, SaveOptions.firstWrite());
    orderpubsub.publish(TOPIC, order);
    return order;
  }

  Optional<StateItem<Order>> find(String id) {
    return Optional.ofNullable(orderstore.get(id, Order.class));
  }

  /**
   * Changes an order if it still has the ETag the caller read.
   *
   * @throws ETagMismatchException if someone changed it since
   */
  Order update(String id, ETag expected, UnaryOperator<Order> change) {
    StateItem<Order> item = find(id).orElseThrow(() -> new IllegalArgumentException(id));
    Order changed = change.apply(item.value());
    orderstore.save(id, changed, SaveOptions.ifMatch(expected));
    return changed;
  }

  /** Changes an order, re-reading it until no concurrent write intervenes. */
  Order updateLatest(String id, UnaryOperator<Order> change) {
    while (true) {
      StateItem<Order> item = find(id).orElseThrow(() -> new IllegalArgumentException(id));
      try {
        return update(id, item.etag(), change);
      } catch (ETagMismatchException raced) {
        // Another writer won: read again and reapply.
      }
    }
  }
}
