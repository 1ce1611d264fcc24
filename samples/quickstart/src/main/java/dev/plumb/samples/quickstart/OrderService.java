package dev.plumb.samples.quickstart;

import dev.plumb.api.secrets.SecretStore;
import dev.plumb.api.state.ETagMismatchException;
import dev.plumb.api.state.SaveOptions;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.StateStore;
import dev.plumb.runtime.Plumb;
import java.nio.file.Path;

/**
 * A small order service: it saves an order, reads it back with its etag, updates it only if nobody
 * else did, and shows a stale update being refused. Components come from Dapr YAML in {@code
 * components/}; run it from this folder (README gives the command).
 */
public final class OrderService {
  private OrderService() {}

  /**
   * Runs the sample.
   *
   * @param args optional: the resources folder (default {@code components})
   */
  public static void main(String[] args) {
    Path resources = Path.of(args.length > 0 ? args[0] : "components");
    try (Plumb plumb = Plumb.builder().appId("order-service").resources(resources).build()) {
      SecretStore secrets = plumb.secretStore("localsecretstore");
      String currency = secrets.get("currency").get("currency");
      boolean hasPaymentKey = !secrets.get("payments:apiKey").get("payments:apiKey").isEmpty();

      StateStore orders = plumb.stateStore("statestore");
      orders.save("order-1", new Order("order-1", "ACME Corp", 3, 42.50, currency, "PLACED"));

      StateItem<Order> placed = orders.get("order-1", Order.class);
      print("read   " + placed.value() + " etag=" + placed.etag());

      orders.save("order-1", placed.value().withStatus("PAID"), SaveOptions.ifMatch(placed.etag()));
      print("update accepted: the order was unchanged since we read it");

      try {
        // Another writer still holding the first etag loses the race instead of overwriting.
        orders.save(
            "order-1", placed.value().withStatus("CANCELLED"), SaveOptions.ifMatch(placed.etag()));
        throw new IllegalStateException("a stale update was accepted");
      } catch (ETagMismatchException expected) {
        print("stale update refused: " + expected.getClass().getSimpleName());
      }

      StateItem<Order> paid = orders.get("order-1", Order.class);
      print("final  " + paid.value() + " etag=" + paid.etag());
      print("payment API key loaded from the secret store: " + hasPaymentKey);
    }
  }

  // The sample's output is its result: it goes to standard output, not to a log.
  private static void print(String line) {
    System.out.println(line);
  }

  /**
   * An order, stored as JSON.
   *
   * @param id the order id
   * @param customer who ordered
   * @param quantity how many items
   * @param total the amount due
   * @param currency the currency of {@code total}
   * @param status {@code PLACED}, {@code PAID} or {@code CANCELLED}
   */
  public record Order(
      String id, String customer, int quantity, double total, String currency, String status) {

    /**
     * Returns this order with another status.
     *
     * @param newStatus the status
     * @return a copy
     */
    public Order withStatus(String newStatus) {
      return new Order(id, customer, quantity, total, currency, newStatus);
    }
  }
}
