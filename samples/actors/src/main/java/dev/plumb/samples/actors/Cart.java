package dev.plumb.samples.actors;

/**
 * A shopping cart: one actor per user, so two browser tabs adding at once never lose an item (the
 * actor runs one call at a time), and no lock or transaction appears in the code.
 */
public interface Cart {

  /**
   * Adds items; the same product again raises its quantity.
   *
   * @param item the product and quantity
   * @return the cart afterwards
   */
  CartView addItem(Item item);

  /**
   * Removes a product.
   *
   * @param sku the product
   * @return the cart afterwards
   */
  CartView removeItem(String sku);

  /**
   * Shows the cart.
   *
   * @return what it holds
   */
  CartView view();

  /**
   * Buys what the cart holds and empties it.
   *
   * @return what was bought
   */
  CartView checkout();
}
