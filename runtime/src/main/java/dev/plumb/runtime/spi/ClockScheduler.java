package dev.plumb.runtime.spi;

import dev.plumb.api.spi.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's default {@link Scheduler}, public so that tools and tests can run components
 * outside a {@code Plumb} instance: one daemon timer thread waits until each task's instant (the
 * delay is read from the clock when the task is scheduled) and hands the task to an executor, so a
 * slow task never delays another. A task that throws is logged. Thread-safe; {@link #close()}
 * cancels everything.
 */
public final class ClockScheduler implements Scheduler, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClockScheduler.class);

  private final Clock clock;
  private final Executor runner;
  private final ScheduledThreadPoolExecutor timer;

  /**
   * Creates the scheduler and its timer thread.
   *
   * @param clock the clock whose instants tasks are due at
   * @param runner runs each task when due
   */
  public ClockScheduler(Clock clock, Executor runner) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "plumb-timer");
              t.setDaemon(true);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true);
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Task schedule(Instant at, Runnable task) {
    Objects.requireNonNull(task, "task");
    AtomicBoolean cancelled = new AtomicBoolean();
    Runnable run =
        () -> {
          if (!cancelled.get()) {
            runQuietly(task);
          }
        };
    ScheduledFuture<?> future =
        timer.schedule(() -> dispatch(run), nanosUntil(at), TimeUnit.NANOSECONDS);
    return () -> {
      cancelled.set(true);
      future.cancel(false);
    };
  }

  private long nanosUntil(Instant at) {
    Duration d = Duration.between(clock.instant(), at);
    if (d.isNegative()) {
      return 0;
    }
    // Saturate: a task centuries away simply never comes due.
    return d.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : d.toNanos();
  }

  private void dispatch(Runnable run) {
    try {
      runner.execute(run);
    } catch (RejectedExecutionException e) {
      LOG.debug("scheduled task dropped: the runtime is closing");
    }
  }

  private static void runQuietly(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      LOG.warn("scheduled task {} failed", task, e);
    }
  }

  /** Stops the timer thread; tasks not yet due never run. */
  @Override
  public void close() {
    timer.shutdownNow();
  }
}
