package dev.plumb.samples.actors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.testkit.PlumbExtension;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sample's behaviour, with time skipped: half an hour passes in milliseconds. */
class ShopTest {
  @RegisterExtension
  final PlumbExtension plumb =
      PlumbExtension.builder()
          .appId("shop")
          .component("actorstore", "state.in-memory", Map.of("actorStateStore", "true"))
          .actor(Cart.class, ctx -> new CartActor(ctx, Shop.ABANDON_AFTER))
          .actor(
              RateLimiter.class,
              ctx -> new RateLimiterActor(ctx, Shop.REQUESTS_PER_MINUTE, Duration.ofMinutes(1)))
          .build();

  private final Item apple = new Item("apple", 2, new BigDecimal("0.50"));

  private Shop shop() {
    return new Shop(plumb.plumb().actors());
  }

  @Test
  void anAbandonedCartIsEmptiedAfterThirtyMinutes() {
    Shop shop = shop();
    shop.add("user-123", apple);
    plumb.scheduler().advance(Duration.ofMinutes(20));
    shop.add("user-123", apple);
    plumb.scheduler().advance(Duration.ofMinutes(29));
    assertThat(shop.cart("user-123").view().items())
        .as("touched 29 minutes ago: kept")
        .containsExactly(new Item("apple", 4, new BigDecimal("0.50")));
    plumb.scheduler().advance(Duration.ofMinutes(1));
    assertThat(shop.cart("user-123").view().items()).as("30 minutes: emptied").isEmpty();
  }

  @Test
  void aCheckedOutCartHasNoReminderLeft() {
    Shop shop = shop();
    shop.add("user-123", apple);
    CartView bought = shop.cart("user-123").checkout();
    assertThat(bought.total()).isEqualByComparingTo("1.00");
    assertThat(plumb.plumb().actors().reminder("Cart", "user-123", CartActor.ABANDONED)).isEmpty();
  }

  @Test
  void eachUserGetsFiveRequestsAMinute() {
    Shop shop = shop();
    for (int i = 0; i < Shop.REQUESTS_PER_MINUTE; i++) {
      assertThat(shop.add("user-123", apple)).isPresent();
    }
    assertThat(shop.add("user-123", apple)).as("the sixth in a minute").isEmpty();
    assertThat(shop.add("user-456", apple)).as("another user").isPresent();
    plumb.scheduler().advance(Duration.ofMinutes(1));
    assertThat(shop.add("user-123", apple)).as("a new minute").isPresent();
  }
}
