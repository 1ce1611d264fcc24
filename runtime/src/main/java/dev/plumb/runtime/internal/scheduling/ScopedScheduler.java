package dev.plumb.runtime.internal.scheduling;

import dev.plumb.api.spi.Scheduler;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scheduler of one component or engine: tasks go to the runtime's scheduler, and those still
 * pending when the owner closes are cancelled, and later ones never run, so a closed component
 * never wakes up. Thread-safe.
 */
public final class ScopedScheduler implements Scheduler, AutoCloseable {
  private final Scheduler delegate;
  private final Set<Task> pending = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * Creates a scope.
   *
   * @param delegate the runtime's scheduler
   */
  public ScopedScheduler(Scheduler delegate) {
    this.delegate = delegate;
  }

  @Override
  public Clock clock() {
    return delegate.clock();
  }

  @Override
  public Task schedule(Instant at, Runnable task) {
    if (closed) {
      // The owner is closed (a periodic run that was in flight reschedules itself): never run.
      return () -> {};
    }
    Tracked tracked = new Tracked();
    pending.add(tracked);
    tracked.inner =
        delegate.schedule(
            at,
            () -> {
              pending.remove(tracked);
              task.run();
            });
    if (closed) {
      tracked.cancel();
    }
    return tracked;
  }

  /** A task of this scope; removed from {@code pending} when it runs or is cancelled. */
  private final class Tracked implements Task {
    private volatile Task inner;

    @Override
    public void cancel() {
      pending.remove(this);
      Task t = inner;
      if (t != null) {
        t.cancel();
      }
    }
  }

  /** Cancels every task still pending. */
  @Override
  public void close() {
    closed = true;
    pending.forEach(Task::cancel);
  }
}
