package dev.plumb.samples.actors;

import dev.plumb.runtime.Plumb;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The shopping cart of the Dapr article, with Plumb's actors: one cart actor per user, a durable
 * reminder that empties an abandoned cart after 30 minutes, and a rate limiter per user. Run it
 * from this folder on in-memory components, or on Redis with the folder {@code components-redis}
 * (README gives the commands).
 */
public final class ShopApp {
  private ShopApp() {}

  /**
   * Runs the sample.
   *
   * @param args optional: the resources folder (default {@code components})
   */
  public static void main(String[] args) {
    Path resources = Path.of(args.length > 0 ? args[0] : "components");
    try (Plumb plumb = Shop.register(Plumb.builder().appId("shop").resources(resources)).build()) {
      Shop shop = new Shop(plumb.actors());
      Item apple = new Item("apple", 2, new BigDecimal("0.50"));
      Item pear = new Item("pear", 1, new BigDecimal("0.80"));
      print("user-123 adds apples: " + outcome(shop.add("user-123", apple)));
      print("user-123 adds a pear: " + outcome(shop.add("user-123", pear)));
      print("user-456 adds a pear: " + outcome(shop.add("user-456", pear)));
      for (int i = 3; i <= Shop.REQUESTS_PER_MINUTE + 1; i++) {
        print("user-123's request " + i + " this minute: " + outcome(shop.add("user-123", apple)));
      }
      plumb
          .actors()
          .reminder("Cart", "user-456", CartActor.ABANDONED)
          .ifPresent(r -> print("user-456's cart empties at " + r.dueTime() + " unless touched"));
      print("user-123 checks out: " + shop.cart("user-123").checkout());
      print("user-123's cart now: " + shop.cart("user-123").view());
    }
  }

  private static String outcome(Optional<CartView> cart) {
    return cart.map(c -> "accepted, " + c.items().size() + " lines, total " + c.total())
        .orElse("refused, at most " + Shop.REQUESTS_PER_MINUTE + " a minute");
  }

  // The sample's output is its result: it goes to standard output, not to a log.
  private static void print(String line) {
    System.out.println(line);
  }
}
