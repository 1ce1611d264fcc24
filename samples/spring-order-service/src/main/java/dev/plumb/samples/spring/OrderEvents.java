package dev.plumb.samples.spring;

import dev.plumb.api.pubsub.DeliveryResult;
import dev.plumb.samples.spring.Orders.Order;
import dev.plumb.spring.Topic;
import org.springframework.stereotype.Component;

/** The subscribers of {@code orders} and of its dead-letter topic. */
@Component
class OrderEvents {
  private final OrderService orders;
  private final OrderFulfilment fulfilment;

  OrderEvents(OrderService orders, OrderFulfilment fulfilment) {
    this.orders = orders;
    this.fulfilment = fulfilment;
  }

  /** Invalid orders are dropped to the dead-letter topic; a thrown exception is a RETRY. */
  @Topic(pubsub = "orderpubsub", topic = OrderService.TOPIC, deadLetterTopic = "orders-dlq")
  DeliveryResult onOrder(Order order) {
    if (order.totalCents() <= 0 || order.items().isEmpty()) {
      return DeliveryResult.DROP;
    }
    fulfilment.fulfil(order);
    return DeliveryResult.SUCCESS;
  }

  @Topic(pubsub = "orderpubsub", topic = "orders-dlq")
  void onDeadLetter(Order order) {
    orders.updateLatest(order.id(), o -> o.withStatus(Orders.REJECTED));
  }
}
