package dev.plumb.runtime.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves only when a test tells it to, for runtime tests (they cannot use testkit's
 * {@code TestClock}: testkit depends on runtime).
 */
public final class ManualClock extends Clock {
  private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

  /**
   * Moves the clock forward.
   *
   * @param d how far
   */
  public synchronized void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
