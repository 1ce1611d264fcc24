package dev.plumb.samples.pubsub;

import dev.plumb.api.pubsub.BulkEntry;
import dev.plumb.api.pubsub.DeliveryResult;
import dev.plumb.api.pubsub.PubSub;
import dev.plumb.runtime.Plumb;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The order events of the Dapr article: a publisher of {@code orders}, and a subscriber declared by
 * the article's {@code Subscription} file (bulk delivery of up to 100 orders to {@code /orders},
 * dead-letter topic {@code orders-failed}). One order is poison: its handler cannot process it, so
 * it ends on the dead-letter topic, whose subscriber routes it with a CEL rule.
 *
 * <p>Run it with {@code mvn -q -pl samples/pubsub -am -DskipTests package exec:exec}; add {@code
 * -Dsample.resources=components-redis} to run it on Redis, {@code components-rabbitmq} on RabbitMQ,
 * {@code components-mqtt3} on Mosquitto, {@code components-jetstream} on NATS JetStream.
 */
public final class OrderEvents {
  /** An order. */
  public record Order(String id, String item, int quantity) {}

  private OrderEvents() {}

  /**
   * Publishes ten orders and a poison one, and waits until each has been handled.
   *
   * @param args the resources folder, {@code components} by default
   * @throws InterruptedException if interrupted while waiting
   */
  public static void main(String[] args) throws InterruptedException {
    Path resources = Path.of(args.length > 0 ? args[0] : "components");
    CountDownLatch processed = new CountDownLatch(10);
    CountDownLatch deadLettered = new CountDownLatch(1);
    try (Plumb plumb =
        Plumb.builder().appId("order-service").resources(resources).deferStart().build()) {
      PubSub pubsub = plumb.pubSub("orderpubsub");

      // The endpoints the Subscription files route to, bound before the instance starts.
      pubsub.bindBulk(
          "/orders",
          Order.class,
          (List<BulkEntry<Order>> batch) -> {
            Map<String, DeliveryResult> results = new HashMap<>();
            for (BulkEntry<Order> e : batch) {
              Order order = e.event().data();
              if (order.quantity() <= 0) {
                // Not processed: with no retry policy it goes to orders-failed at once.
                results.put(e.entryId(), DeliveryResult.RETRY);
              } else {
                System.out.printf(
                    "shipped %s: %d x %s%n", order.id(), order.quantity(), order.item());
                results.put(e.entryId(), DeliveryResult.SUCCESS);
                processed.countDown();
              }
            }
            System.out.printf("batch of %d orders handled%n", batch.size());
            return results;
          });
      pubsub.bind(
          "/orders-failed",
          Order.class,
          e -> {
            System.out.printf(
                "dead letter: order %s from topic %s%n", e.data().id(), e.cloudEvent().topic());
            deadLettered.countDown();
            return DeliveryResult.SUCCESS;
          });
      pubsub.bind(
          "/unreadable",
          byte[].class,
          e -> {
            System.out.println("dead letter that is not an order: " + e.cloudEvent().id());
            return DeliveryResult.SUCCESS;
          });
      plumb.start();

      for (int i = 1; i <= 10; i++) {
        pubsub.publish("orders", new Order("order-" + i, "widget", i));
      }
      pubsub.publish("orders", new Order("order-poison", "widget", 0));

      boolean done =
          processed.await(30, TimeUnit.SECONDS) && deadLettered.await(30, TimeUnit.SECONDS);
      System.out.println(
          done
              ? "all 10 orders shipped, the poison order is on orders-failed"
              : "timed out waiting for the orders");
      if (!done) {
        System.exit(1);
      }
    }
  }
}
