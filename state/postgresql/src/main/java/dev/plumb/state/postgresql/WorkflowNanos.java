package dev.plumb.state.postgresql;

import java.time.Instant;

/**
 * Instants as the workflow tables' {@code bigint} columns hold them: epoch nanoseconds. Stateless.
 */
final class WorkflowNanos {
  private WorkflowNanos() {}

  /** Epoch nanoseconds, saturated at the {@code bigint} range (years 1677 to 2262). */
  static long nanos(Instant t) {
    try {
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    } catch (ArithmeticException e) {
      return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** The instant of epoch nanoseconds. */
  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
