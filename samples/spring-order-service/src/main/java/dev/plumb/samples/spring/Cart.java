package dev.plumb.samples.spring;

import java.util.List;

/** A customer's cart: a virtual actor, one per customer id. */
public interface Cart {

  /**
   * An order to check out (an actor call carries one payload).
   *
   * @param orderId the order
   * @param items its items
   */
  record Checkout(String orderId, List<String> items) {}

  /**
   * Checks an order out of the cart; a second call with the same order does nothing.
   *
   * @param checkout the order
   * @return how many orders the customer has checked out
   */
  int checkout(Checkout checkout);

  /**
   * Lists the customer's orders.
   *
   * @return order ids, oldest first
   */
  List<String> orders();
}
