package dev.plumb.samples.actors;

import dev.plumb.api.actors.ActorContext;
import java.time.Duration;

/**
 * A fixed-window limiter: the count and the window's start live in the actor state, and the window
 * follows the runtime's clock, so a test can skip to the next window.
 */
public final class RateLimiterActor implements RateLimiter {
  private final ActorContext ctx;
  private final int limit;
  private final Duration window;

  /**
   * Creates the limiter of one user.
   *
   * @param ctx the actor's context
   * @param limit requests per window
   * @param window the window's length
   */
  public RateLimiterActor(ActorContext ctx, int limit, Duration window) {
    this.ctx = ctx;
    this.limit = limit;
    this.window = window;
  }

  /**
   * One window's use.
   *
   * @param start when the window began, in epoch milliseconds
   * @param used requests admitted in it
   */
  public record Window(long start, int used) {}

  @Override
  public boolean tryAcquire() {
    long now = ctx.clock().millis();
    Window w = ctx.state().get("window", Window.class).orElse(new Window(now, 0));
    if (now - w.start() >= window.toMillis()) {
      w = new Window(now, 0);
    }
    if (w.used() >= limit) {
      return false;
    }
    ctx.state().set("window", new Window(w.start(), w.used() + 1), window.multipliedBy(2));
    return true;
  }
}
