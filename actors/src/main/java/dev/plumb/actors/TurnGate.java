package dev.plumb.actors;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.locks.LockSupport;

/**
 * An actor's turn lock: at most one holder, released by whichever thread ends the turn (an
 * asynchronous turn ends on the thread completing its stage, so the lock cannot belong to a
 * thread). Blocking callers park; asynchronous callers leave a task and hold no thread. The lock
 * passes to waiters in arrival order, blocking and asynchronous alike.
 *
 * <p>One counter holds the holder plus the waiters: acquiring increments it, and whoever moves it
 * from zero holds the lock at once, without touching the queue. Releasing decrements it; if it does
 * not reach zero, a waiter has arrived (or is arriving) and is handed the lock directly, so a
 * release never loses a waiter. The queue is created on first contention only, which keeps an idle
 * actor small. No {@code synchronized}: waiting parks, and never pins a virtual thread.
 */
abstract class TurnGate {
  private static final AtomicIntegerFieldUpdater<TurnGate> PENDING =
      AtomicIntegerFieldUpdater.newUpdater(TurnGate.class, "pending");

  @SuppressWarnings("rawtypes")
  private static final AtomicReferenceFieldUpdater<TurnGate, ConcurrentLinkedQueue> QUEUE =
      AtomicReferenceFieldUpdater.newUpdater(
          TurnGate.class, ConcurrentLinkedQueue.class, "waiters");

  private volatile int pending;
  private volatile ConcurrentLinkedQueue<Waiter> waiters;

  /**
   * Takes the lock if it is free.
   *
   * @return whether it was taken
   */
  final boolean tryAcquire() {
    return pending == 0 && PENDING.compareAndSet(this, 0, 1);
  }

  /**
   * Takes the lock, parking until it is handed over. An interrupt does not stop the wait; the
   * thread's interrupt status is set again once the lock is held.
   *
   * @return how many held or awaited the lock when this call arrived (0 if it was free)
   */
  final int acquire() {
    int ahead = PENDING.getAndIncrement(this);
    if (ahead == 0) {
      return 0;
    }
    waiting(1);
    ThreadWaiter w = new ThreadWaiter(Thread.currentThread());
    queue().add(w);
    w.await();
    waiting(-1);
    return ahead;
  }

  /**
   * Takes the lock and then runs {@code granted}: at once on this thread if the lock is free,
   * otherwise on {@code executor} when it is handed over. {@code granted} holds the lock and must
   * release it.
   *
   * @param granted what runs holding the lock
   * @param executor where it runs if it has to wait
   * @return how many held or awaited the lock when this call arrived (0 if it ran at once)
   */
  final int acquireAsync(Runnable granted, Executor executor) {
    int ahead = PENDING.getAndIncrement(this);
    if (ahead == 0) {
      granted.run();
      return 0;
    }
    waiting(1);
    queue().add(new TaskWaiter(this, granted, executor));
    return ahead;
  }

  /** Releases the lock, handing it to the first waiter if there is one. */
  final void release() {
    if (PENDING.decrementAndGet(this) == 0) {
      return;
    }
    // A waiter has counted itself in; it may still be between the increment and its enqueue.
    Waiter next;
    int spins = 0;
    ConcurrentLinkedQueue<Waiter> q;
    while ((q = waiters) == null || (next = q.poll()) == null) {
      if (++spins < 64) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
    next.grant();
  }

  /**
   * Tells whether a turn holds the lock or waits for it.
   *
   * @return {@code true} if anyone holds or awaits it
   */
  final boolean busy() {
    return pending != 0;
  }

  /**
   * Counts callers waiting for the lock, for metrics: +1 when one starts waiting, -1 when it is
   * handed the lock. Called off the uncontended path only.
   *
   * @param delta +1 or -1
   */
  abstract void waiting(int delta);

  @SuppressWarnings("unchecked")
  private ConcurrentLinkedQueue<Waiter> queue() {
    ConcurrentLinkedQueue<Waiter> q = waiters;
    if (q == null) {
      ConcurrentLinkedQueue<Waiter> created = new ConcurrentLinkedQueue<>();
      q = QUEUE.compareAndSet(this, null, created) ? created : waiters;
    }
    return q;
  }

  /** Someone the lock can be handed to. */
  private interface Waiter {
    void grant();
  }

  private static final class ThreadWaiter implements Waiter {
    private final Thread thread;
    private volatile boolean granted;

    ThreadWaiter(Thread thread) {
      this.thread = thread;
    }

    void await() {
      boolean interrupted = false;
      while (!granted) {
        LockSupport.park(this);
        if (Thread.interrupted()) {
          interrupted = true;
        }
      }
      if (interrupted) {
        thread.interrupt();
      }
    }

    @Override
    public void grant() {
      granted = true;
      LockSupport.unpark(thread);
    }
  }

  private static final class TaskWaiter implements Waiter {
    private final TurnGate gate;
    private final Runnable task;
    private final Executor executor;

    TaskWaiter(TurnGate gate, Runnable task, Executor executor) {
      this.gate = gate;
      this.task = task;
      this.executor = executor;
    }

    @Override
    public void grant() {
      gate.waiting(-1);
      try {
        executor.execute(task);
      } catch (RejectedExecutionException e) {
        // The runtime is shutting its executor down: run the task here so that it completes its
        // caller's stage and passes the lock on; nothing else would.
        task.run();
      }
    }
  }
}
