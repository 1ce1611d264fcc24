package dev.plumb.api.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * {@link Scheduler#every} on top of {@link Scheduler#schedule(Instant, Runnable)}: each run
 * schedules the next one, due one period after the previous due instant, or at once if that has
 * passed, so runs never overlap and a slow run does not pile up missed ones.
 */
final class PeriodicTask implements Scheduler.Task, Runnable {
  private final Scheduler scheduler;
  private final Duration period;
  private final Runnable task;
  private Instant due;
  private volatile Scheduler.Task next;
  private volatile boolean cancelled;

  private PeriodicTask(Scheduler scheduler, Duration period, Runnable task) {
    this.scheduler = scheduler;
    this.period = period;
    this.task = task;
  }

  static Scheduler.Task start(Scheduler scheduler, Duration period, Runnable task) {
    Objects.requireNonNull(task, "task");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive, got " + period);
    }
    PeriodicTask p = new PeriodicTask(scheduler, period, task);
    synchronized (p) {
      p.due = scheduler.clock().instant().plus(period);
      p.next = scheduler.schedule(p.due, p);
    }
    return p;
  }

  @Override
  public void run() {
    if (cancelled) {
      return;
    }
    try {
      task.run();
    } finally {
      synchronized (this) {
        if (!cancelled) {
          Instant now = scheduler.clock().instant();
          Instant following = due.plus(period);
          due = following.isBefore(now) ? now : following;
          next = scheduler.schedule(due, this);
        }
      }
    }
  }

  @Override
  public void cancel() {
    cancelled = true;
    synchronized (this) {
      next.cancel();
    }
  }
}
