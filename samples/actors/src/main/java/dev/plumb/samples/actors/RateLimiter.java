package dev.plumb.samples.actors;

/** Admits at most a fixed number of requests per window: one actor per user. */
public interface RateLimiter {

  /**
   * Takes one request from the current window's allowance.
   *
   * @return {@code true} if the request may go on
   */
  boolean tryAcquire();
}
