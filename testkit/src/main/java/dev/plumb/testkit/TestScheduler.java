package dev.plumb.testkit;

import dev.plumb.api.spi.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * A {@link Scheduler} on a {@link TestClock} that runs nothing until the test moves time: {@link
 * #advance(Duration)} runs every task that falls due, in order of its instant (ties in the order
 * they were scheduled), setting the clock to each task's instant first, so TTL sweeps, retry waits,
 * timers, reminders and workflow timers of a day run in milliseconds. Give it to {@code
 * Plumb.builder().scheduler(...)}; its clock becomes the runtime's.
 *
 * <pre>{@code
 * TestScheduler scheduler = new TestScheduler(TestClock.start());
 * try (Plumb plumb = Plumb.builder().scheduler(scheduler).resources(dir).build()) {
 *   ...
 *   scheduler.advance(Duration.ofDays(7)); // fires the reminder due in a week
 * }
 * }</pre>
 *
 * <p>Tasks run on the thread that calls {@code advance}, or on the executor given to {@link
 * #TestScheduler(TestClock, Executor)}, one at a time: {@code advance} waits for each before the
 * next. A task that throws fails the {@code advance} call after the clock has reached its instant.
 * Thread-safe: tasks may be scheduled from any thread, also while {@code advance} runs.
 */
public final class TestScheduler implements Scheduler {
  private final TestClock clock;
  private final Executor runner;
  private final PriorityQueue<Entry> queue = new PriorityQueue<>();
  private long sequence;
  private boolean advancing;

  /**
   * Creates a scheduler that runs tasks on the thread calling {@link #advance(Duration)}.
   *
   * @param clock the clock it moves
   */
  public TestScheduler(TestClock clock) {
    this(clock, Runnable::run);
  }

  /**
   * Creates a scheduler that runs tasks on an executor, one at a time.
   *
   * @param clock the clock it moves
   * @param runner runs each due task; {@code advance} waits for it
   */
  public TestScheduler(TestClock clock, Executor runner) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.runner = Objects.requireNonNull(runner, "runner");
  }

  /** A scheduled task, ordered by its instant, then by the order of scheduling. */
  private final class Entry implements Comparable<Entry>, Task {
    final Instant at;
    final long order;
    final Runnable task;
    volatile boolean cancelled;

    Entry(Instant at, long order, Runnable task) {
      this.at = at;
      this.order = order;
      this.task = task;
    }

    @Override
    public int compareTo(Entry o) {
      int c = at.compareTo(o.at);
      return c != 0 ? c : Long.compare(order, o.order);
    }

    @Override
    public void cancel() {
      cancelled = true;
      synchronized (TestScheduler.this) {
        queue.remove(this);
      }
    }
  }

  @Override
  public Clock clock() {
    return clock;
  }

  /** Returns the test clock this scheduler moves. */
  public TestClock testClock() {
    return clock;
  }

  @Override
  public synchronized Task schedule(Instant at, Runnable task) {
    Objects.requireNonNull(task, "task");
    Instant now = clock.instant();
    Entry e = new Entry(at.isBefore(now) ? now : at, sequence++, task);
    queue.add(e);
    return e;
  }

  /**
   * Moves the clock forward, running every task that falls due on the way, in order; tasks they
   * schedule run too if they fall due before the end. The clock ends {@code duration} after where
   * it started.
   *
   * @param duration how far; not negative
   * @return how many tasks ran
   * @throws IllegalArgumentException if {@code duration} is negative
   * @throws IllegalStateException if called from a task, or while another {@code advance} runs
   * @throws RuntimeException what a task threw; the clock then stands at that task's instant
   */
  public int advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("time does not go back: " + duration);
    }
    synchronized (this) {
      if (advancing) {
        throw new IllegalStateException("advance is already running (called from a task?)");
      }
      advancing = true;
    }
    int ran = 0;
    try {
      Instant end = clock.instant().plus(duration);
      Entry next;
      while ((next = nextDue(end)) != null) {
        if (next.at.isAfter(clock.instant())) {
          clock.set(next.at);
        }
        run(next);
        ran++;
      }
      if (end.isAfter(clock.instant())) {
        clock.set(end);
      }
      return ran;
    } finally {
      synchronized (this) {
        advancing = false;
      }
    }
  }

  /**
   * Runs the tasks due now without moving the clock.
   *
   * @return how many tasks ran
   */
  public int runDue() {
    return advance(Duration.ZERO);
  }

  /**
   * Returns how many tasks wait to fall due.
   *
   * @return the number of scheduled, uncancelled tasks
   */
  public synchronized int pending() {
    return queue.size();
  }

  /**
   * Returns when the next task falls due.
   *
   * @return its instant, or empty if nothing is scheduled
   */
  public synchronized Optional<Instant> nextDue() {
    Entry e = queue.peek();
    return e == null ? Optional.empty() : Optional.of(e.at);
  }

  private synchronized Entry nextDue(Instant end) {
    Entry e = queue.peek();
    if (e == null || e.at.isAfter(end)) {
      return null;
    }
    return queue.poll();
  }

  private void run(Entry e) {
    if (e.cancelled) {
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    runner.execute(
        () -> {
          try {
            e.task.run();
            done.complete(null);
          } catch (RuntimeException | Error t) {
            done.completeExceptionally(t);
          }
        });
    try {
      done.get();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while a scheduled task ran", ex);
    } catch (ExecutionException ex) {
      Throwable t = ex.getCause();
      if (t instanceof RuntimeException) {
        throw (RuntimeException) t;
      }
      throw (Error) t;
    }
  }

  @Override
  public String toString() {
    return "TestScheduler[now=" + clock.instant() + ", pending=" + pending() + "]";
  }
}
