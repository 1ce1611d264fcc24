package dev.plumb.api.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs work at instants of the runtime's clock: TTL sweeps, retry waits, timeouts, timers,
 * reminders, cron. Every timer in Plumb goes through one, so a test that replaces it (the testkit's
 * {@code TestScheduler}) can skip an hour or a week in milliseconds.
 *
 * <p>Tasks run on a runtime thread, never on the thread that scheduled them. They may block for
 * I/O, such as a sweep query, but should not run for long: hand long work to an executor. A task
 * that throws is logged; a periodic task then still runs at its next instant. No order is promised
 * between tasks due at the same instant. Implementations are thread-safe.
 */
public interface Scheduler {

  /**
   * Returns the clock whose instants this scheduler follows.
   *
   * @return the clock; the runtime's injected clock
   */
  Clock clock();

  /**
   * Runs a task once, at or soon after an instant of {@link #clock()}.
   *
   * @param at when to run it; an instant already past runs it at once
   * @param task the work; not {@code null}
   * @return a handle that cancels the task
   */
  Task schedule(Instant at, Runnable task);

  /**
   * Runs a task once, after a delay.
   *
   * @param delay how long from now; zero or negative runs it at once
   * @param task the work; not {@code null}
   * @return a handle that cancels the task
   */
  default Task schedule(Duration delay, Runnable task) {
    return schedule(clock().instant().plus(delay), task);
  }

  /**
   * Runs a task every {@code period}, the first time one period from now. Runs never overlap: if a
   * run ends after the next one was due, the next starts at once and the missed runs are skipped.
   *
   * @param period the interval between the instants the task is due; positive
   * @param task the work; not {@code null}
   * @return a handle that stops the task
   * @throws IllegalArgumentException if {@code period} is not positive
   */
  default Task every(Duration period, Runnable task) {
    return PeriodicTask.start(this, period, task);
  }

  /** A scheduled task. */
  @FunctionalInterface
  interface Task {
    /**
     * Cancels the task: it does not run again. A run already started finishes. Idempotent; never
     * throws.
     */
    void cancel();
  }
}
