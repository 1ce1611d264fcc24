package dev.plumb.benchmarks.state;

import java.util.ArrayList;
import java.util.List;

/**
 * A JSON document of about 1 KB: an order with a dozen lines, the shape of a typical state value.
 *
 * @param id the order id
 * @param customer the customer
 * @param status the status
 * @param lines the order lines
 */
public record Payload(String id, String customer, String status, List<Line> lines) {

  /**
   * An order line.
   *
   * @param sku the product
   * @param description the product's description
   * @param quantity how many
   * @param price the unit price
   */
  public record Line(String sku, String description, int quantity, double price) {}

  /**
   * Builds the benchmark's value.
   *
   * @return a payload whose JSON form is close to 1 KB
   */
  public static Payload oneKilobyte() {
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      lines.add(new Line("SKU-" + (1000 + i), "Widget model " + i + " blue", i + 1, 9.99 + i));
    }
    return new Payload("order-1", "ACME Corporation", "PLACED", lines);
  }
}
