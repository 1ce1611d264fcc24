package dev.plumb.samples.actors;

import dev.plumb.api.actors.Actors;
import dev.plumb.runtime.Plumb;
import java.time.Duration;
import java.util.Optional;

/**
 * The shop's front door: each request of a user goes through that user's rate limiter, then to that
 * user's cart. Both are actors, found by id; nothing here locks or retries.
 */
public final class Shop {
  /** Requests per user and minute. */
  public static final int REQUESTS_PER_MINUTE = 5;

  /** How long an untouched cart keeps its items, as in the Dapr article's example. */
  public static final Duration ABANDON_AFTER = Duration.ofMinutes(30);

  private final Actors actors;

  /**
   * Creates the front door.
   *
   * @param actors the actors of a {@code Plumb} on which {@link #register} was called
   */
  public Shop(Actors actors) {
    this.actors = actors;
  }

  /**
   * Registers the shop's actor types.
   *
   * @param builder the builder
   * @return the builder
   */
  public static Plumb.Builder register(Plumb.Builder builder) {
    return builder
        .actor(Cart.class, ctx -> new CartActor(ctx, ABANDON_AFTER))
        .actor(
            RateLimiter.class,
            ctx -> new RateLimiterActor(ctx, REQUESTS_PER_MINUTE, Duration.ofMinutes(1)));
  }

  /**
   * Adds to a user's cart, if the user is within the rate limit.
   *
   * @param user the user
   * @param item what to add
   * @return the cart afterwards, or empty if the request was refused
   */
  public Optional<CartView> add(String user, Item item) {
    if (!actors.proxy(RateLimiter.class, user).tryAcquire()) {
      return Optional.empty();
    }
    return Optional.of(cart(user).addItem(item));
  }

  /**
   * Returns a user's cart.
   *
   * @param user the user
   * @return the cart actor's proxy
   */
  public Cart cart(String user) {
    return actors.proxy(Cart.class, user);
  }
}
