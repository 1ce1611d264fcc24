package dev.plumb.samples.spring;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.plumb.api.actors.ActorContext;
import dev.plumb.spring.PlumbActor;
import java.util.ArrayList;
import java.util.List;

/**
 * The cart actor, built by Spring per activation: its context and the application's {@link
 * Inventory} bean come through the constructor. Turns run one at a time per customer.
 */
@PlumbActor(Cart.class)
public final class CartActor implements Cart {
  private static final java.lang.reflect.Type IDS = new TypeReference<List<String>>() {}.getType();
  private final ActorContext context;
  private final Inventory inventory;

  public CartActor(ActorContext context, Inventory inventory) {
    this.context = context;
    this.inventory = inventory;
  }

  @Override
  public int checkout(Checkout checkout) {
    List<String> orders = new ArrayList<>(orders());
    if (!orders.contains(checkout.orderId())) {
      checkout.items().forEach(inventory::reserve);
      orders.add(checkout.orderId());
      context.state().set("orders", orders);
    }
    return orders.size();
  }

  @Override
  public List<String> orders() {
    return context.state().<List<String>>get("orders", IDS).orElse(List.of());
  }
}
