package dev.plumb.samples.actors;

import dev.plumb.api.actors.ActorContext;
import dev.plumb.api.actors.ActorReminder;
import dev.plumb.api.actors.Remindable;
import dev.plumb.api.actors.Schedule;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The cart as a plain object: its items live in the actor state ({@code shop||Cart||<user>||items}
 * in the store), and every change re-registers a durable reminder that empties the cart if nothing
 * happens for {@code abandonAfter}: the reminder survives restarts and wakes the actor up.
 */
public final class CartActor implements Cart, Remindable {
  /** The reminder that empties an abandoned cart. */
  public static final String ABANDONED = "abandoned";

  private static final String ITEMS = "items";
  private static final Type LIST_OF_ITEMS = listOfItems();

  private final ActorContext ctx;
  private final Duration abandonAfter;

  /**
   * Creates the cart of one user; the actor runtime calls this through the registered factory.
   *
   * @param ctx the actor's context
   * @param abandonAfter how long an untouched cart keeps its items
   */
  public CartActor(ActorContext ctx, Duration abandonAfter) {
    this.ctx = ctx;
    this.abandonAfter = abandonAfter;
  }

  @Override
  public CartView addItem(Item item) {
    List<Item> items = items();
    int at = indexOf(items, item.sku());
    if (at < 0) {
      items.add(item);
    } else {
      Item old = items.get(at);
      items.set(at, new Item(old.sku(), old.quantity() + item.quantity(), item.unitPrice()));
    }
    return save(items);
  }

  @Override
  public CartView removeItem(String sku) {
    List<Item> items = items();
    int at = indexOf(items, sku);
    if (at >= 0) {
      items.remove(at);
    }
    return save(items);
  }

  @Override
  public CartView view() {
    return CartView.of(items());
  }

  @Override
  public CartView checkout() {
    CartView bought = view();
    ctx.state().remove(ITEMS);
    ctx.unregisterReminder(ABANDONED);
    return bought;
  }

  @Override
  public void receiveReminder(ActorReminder reminder) {
    if (ABANDONED.equals(reminder.name())) {
      ctx.state().remove(ITEMS);
      ctx.logger().log(System.Logger.Level.INFO, "cart of {0} was abandoned: emptied", ctx.id());
    }
  }

  private List<Item> items() {
    return ctx.state().<List<Item>>get(ITEMS, LIST_OF_ITEMS).orElseGet(ArrayList::new);
  }

  private CartView save(List<Item> items) {
    ctx.state().set(ITEMS, items);
    // Registering again under the same name replaces the reminder: the countdown restarts.
    ctx.registerReminder(ABANDONED, Schedule.after(abandonAfter), null);
    return CartView.of(items);
  }

  private static int indexOf(List<Item> items, String sku) {
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).sku().equals(sku)) {
        return i;
      }
    }
    return -1;
  }

  private static Type listOfItems() {
    try {
      return ((ParameterizedType)
          CartActor.class.getDeclaredMethod("items").getGenericReturnType());
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
