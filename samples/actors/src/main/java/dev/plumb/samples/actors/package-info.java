/**
 * The actors sample: {@link dev.plumb.samples.actors.Cart} (one actor per user, a reminder that
 * empties an abandoned cart) and {@link dev.plumb.samples.actors.RateLimiter}, behind {@link
 * dev.plumb.samples.actors.Shop}.
 */
package dev.plumb.samples.actors;
