package dev.plumb.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that stands still until a test moves it, so TTLs, timers and reminders can be tested
 * without waiting. Pass it to {@code Plumb.builder().clock(...)}. Thread-safe.
 */
public final class TestClock extends Clock {
  private final ZoneId zone;
  private volatile Instant now;

  /**
   * Creates a clock at the given instant, in UTC.
   *
   * @param start the initial instant
   */
  public TestClock(Instant start) {
    this(start, ZoneOffset.UTC);
  }

  private TestClock(Instant start, ZoneId zone) {
    this.now = Objects.requireNonNull(start, "start");
    this.zone = zone;
  }

  /**
   * Creates a clock at 2026-01-01T00:00:00Z.
   *
   * @return the clock
   */
  public static TestClock start() {
    return new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /**
   * Moves the clock forward.
   *
   * @param duration how far; not negative
   * @return the new instant
   */
  public synchronized Instant advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a clock does not go back: " + duration);
    }
    now = now.plus(duration);
    return now;
  }

  /**
   * Sets the clock to an instant.
   *
   * @param instant the new instant
   */
  public void set(Instant instant) {
    now = Objects.requireNonNull(instant, "instant");
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    // Shares nothing with this clock after the call; enough for zone-only conversions.
    return new TestClock(now, zone);
  }

  @Override
  public Instant instant() {
    return now;
  }
}
