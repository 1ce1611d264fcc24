package dev.plumb.samples.actors;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a cart holds.
 *
 * @param items the lines, in the order they were first added
 * @param total the sum of their prices
 */
public record CartView(List<Item> items, BigDecimal total) {

  /**
   * Sums up lines.
   *
   * @param items the lines
   * @return the view
   */
  public static CartView of(List<Item> items) {
    return new CartView(
        List.copyOf(items),
        items.stream().map(Item::price).reduce(BigDecimal.ZERO, BigDecimal::add));
  }
}
