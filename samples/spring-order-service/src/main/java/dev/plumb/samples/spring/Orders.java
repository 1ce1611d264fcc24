package dev.plumb.samples.spring;

import java.util.List;

/** The values of the service. */
final class Orders {
  private Orders() {}

  /** What a client posts. */
  record OrderRequest(String customer, List<String> items, long totalCents) {}

  /** A stored order. */
  record Order(String id, String customer, List<String> items, long totalCents, String status) {
    Order withStatus(String newStatus) {
      return new Order(id, customer, items, totalCents, newStatus);
    }
  }

  /** Statuses. */
  static final String PLACED = "PLACED";

  static final String CONFIRMED = "CONFIRMED";
  static final String REJECTED = "REJECTED";
  static final String CANCELLED = "CANCELLED";
}
