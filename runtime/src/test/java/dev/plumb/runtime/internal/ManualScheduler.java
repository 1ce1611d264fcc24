package dev.plumb.runtime.internal;

import dev.plumb.api.spi.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A scheduler on a {@link ManualClock} that runs due tasks when the test moves time, for runtime
 * tests (testkit's {@code TestScheduler} depends on runtime). Tasks run on the thread calling
 * {@link #advance(Duration)}.
 */
public final class ManualScheduler implements Scheduler {
  private final ManualClock clock = new ManualClock();
  private final List<Entry> tasks = new ArrayList<>();

  private record Entry(Instant at, Runnable task) {}

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public synchronized Task schedule(Instant at, Runnable task) {
    Entry e = new Entry(at, task);
    tasks.add(e);
    return () -> {
      synchronized (this) {
        tasks.remove(e);
      }
    };
  }

  /**
   * Moves the clock and runs every task that fell due, in order of their instants.
   *
   * @param d how far
   */
  public void advance(Duration d) {
    clock.advance(d);
    while (true) {
      Entry due = null;
      synchronized (this) {
        for (Entry e : tasks) {
          if (!e.at().isAfter(clock.instant()) && (due == null || e.at().isBefore(due.at()))) {
            due = e;
          }
        }
        if (due == null) {
          return;
        }
        tasks.remove(due);
      }
      due.task().run();
    }
  }
}
