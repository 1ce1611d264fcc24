package dev.plumb.samples.actors;

import java.math.BigDecimal;

/**
 * A line of a cart.
 *
 * @param sku the product
 * @param quantity how many
 * @param unitPrice the price of one
 */
public record Item(String sku, int quantity, BigDecimal unitPrice) {

  /**
   * Returns the line's price.
   *
   * @return {@code quantity × unitPrice}
   */
  public BigDecimal price() {
    return unitPrice.multiply(BigDecimal.valueOf(quantity));
  }
}
