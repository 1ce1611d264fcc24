package dev.plumb.runtime.internal.pubsub;

import dev.plumb.api.spi.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher of one single-event subscription: takes the deliveries a component hands over
 * without blocking it, and processes them on at most {@code concurrency} workers of the blocking
 * executor, one at a time per ordering key, in the order handed over. A delivery whose processing
 * asks to be held (a failed message with an ordering key) keeps its key's later deliveries waiting
 * and runs again after the delay, on the scheduler's clock.
 *
 * <p>{@link #stop(Duration)} is the drain: nothing more starts (queued and held deliveries stay
 * unsettled, for the component to give back), and it waits, in real time, for those running.
 * Thread-safe: one lock guards the queues, never held while processing.
 */
final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  /** What processing decided. */
  interface Processor {
    /**
     * Processes one delivery; never throws.
     *
     * @param delivery the delivery
     * @return {@code null} when done (settled, or skipped as revoked), or how long to hold it
     *     before processing it again
     */
    Duration process(Delivery delivery);
  }

  /**
   * How long an idle worker waits for more work before it retires: a steady stream then keeps its
   * workers instead of starting one per delivery.
   */
  private static final long LINGER_NANOS = 2_000_000;

  /** A lane with nothing waiting: shared, never modified. */
  private static final ArrayDeque<Delivery> IDLE_LANE = new ArrayDeque<>(0);

  private final String name;
  private final Executor workers;
  private final Scheduler scheduler;
  private final int concurrency;
  private final boolean ordered;
  private final Processor processor;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private final Condition work = lock.newCondition();
  private final ArrayDeque<Delivery> runnable = new ArrayDeque<>();
  private final Map<String, ArrayDeque<Delivery>> lanes = new HashMap<>();
  private final Map<Delivery, Scheduler.Task> held = new IdentityHashMap<>();
  private int workersRunning;
  private int waiting;
  private int processing;
  private boolean stopped;

  /**
   * Creates a dispatcher.
   *
   * @param name names the subscription in logs
   * @param workers runs the workers (blocking work)
   * @param scheduler times the held deliveries
   * @param concurrency the most deliveries processed at once; positive
   * @param ordered whether ordering keys are honoured
   * @param processor processes one delivery
   */
  Dispatcher(
      String name,
      Executor workers,
      Scheduler scheduler,
      int concurrency,
      boolean ordered,
      Processor processor) {
    this.name = name;
    this.workers = workers;
    this.scheduler = scheduler;
    this.concurrency = concurrency;
    this.ordered = ordered;
    this.processor = processor;
  }

  /**
   * Queues a delivery; returns at once. After {@link #stop} the delivery is left unsettled.
   *
   * @param d the delivery
   */
  void submit(Delivery d) {
    boolean start;
    lock.lock();
    try {
      if (stopped) {
        return;
      }
      String key = ordered ? d.message().orderingKey() : null;
      if (key != null) {
        ArrayDeque<Delivery> lane = lanes.get(key);
        if (lane != null) {
          if (lane == IDLE_LANE) {
            lane = new ArrayDeque<>();
            lanes.put(key, lane);
          }
          lane.add(d);
          return;
        }
        lanes.put(key, IDLE_LANE);
      }
      runnable.add(d);
      start = claimWorker();
    } finally {
      lock.unlock();
    }
    if (start) {
      startWorker();
    }
  }

  /** Under the lock: wakes a waiting worker, or says whether another may start, counting it. */
  private boolean claimWorker() {
    if (waiting > 0) {
      work.signal();
      return false;
    }
    if (workersRunning < concurrency && !runnable.isEmpty()) {
      workersRunning++;
      return true;
    }
    return false;
  }

  private void startWorker() {
    try {
      workers.execute(this::work);
    } catch (RejectedExecutionException e) {
      // The runtime is closing: what is queued stays unsettled, for the component to give back.
      lock.lock();
      try {
        workersRunning--;
        idle.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private void work() {
    Delivery d = next(null, null);
    while (d != null) {
      Duration hold;
      try {
        hold = processor.process(d);
      } catch (RuntimeException | Error e) {
        // The processor settles every failure itself; reaching here is a bug, so do not lose the
        // worker: leave the delivery unsettled for the component to give back.
        LOG.error("{}: processing a delivery failed: {}", name, e.toString(), e);
        hold = null;
      }
      d = next(d, hold);
    }
  }

  /** Finishes one delivery and takes the next, or retires the worker. */
  private Delivery next(Delivery finished, Duration hold) {
    Delivery schedule = null;
    Delivery following;
    lock.lock();
    try {
      if (finished != null) {
        processing--;
        if (hold != null && !stopped) {
          schedule = finished;
        } else {
          advance(finished);
        }
      }
      long linger = LINGER_NANOS;
      while (!stopped && runnable.isEmpty() && linger > 0) {
        waiting++;
        try {
          linger = work.awaitNanos(linger);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          linger = 0;
        } finally {
          waiting--;
        }
      }
      if (stopped || runnable.isEmpty()) {
        workersRunning--;
        if (processing == 0) {
          idle.signalAll();
        }
        following = null;
      } else {
        processing++;
        following = runnable.poll();
      }
    } finally {
      lock.unlock();
    }
    if (schedule != null) {
      hold(schedule, hold);
    }
    return following;
  }

  /** Under the lock: lets the next delivery of a finished one's key run. */
  private void advance(Delivery finished) {
    String key = ordered ? finished.message().orderingKey() : null;
    if (key == null) {
      return;
    }
    ArrayDeque<Delivery> lane = lanes.get(key);
    Delivery next = lane == null ? null : lane.poll();
    if (next == null) {
      lanes.remove(key);
    } else {
      runnable.add(next);
    }
  }

  private void hold(Delivery d, Duration delay) {
    Scheduler.Task task = scheduler.schedule(delay, () -> resume(d));
    lock.lock();
    try {
      if (stopped) {
        task.cancel();
      } else {
        held.putIfAbsent(d, task);
      }
    } finally {
      lock.unlock();
    }
  }

  private void resume(Delivery d) {
    boolean start;
    lock.lock();
    try {
      if (held.remove(d) == null || stopped) {
        return;
      }
      runnable.addFirst(d);
      start = claimWorker();
    } finally {
      lock.unlock();
    }
    if (start) {
      startWorker();
    }
  }

  /**
   * Stops starting deliveries and waits for those being processed, at most {@code timeout} of real
   * time. Queued and held deliveries are dropped unsettled. Idempotent.
   *
   * @param timeout the longest wait; zero or negative does not wait
   * @return {@code true} if nothing is being processed any more
   */
  boolean stop(Duration timeout) {
    List<Scheduler.Task> cancel;
    lock.lock();
    try {
      stopped = true;
      runnable.clear();
      lanes.clear();
      cancel = new ArrayList<>(held.values());
      held.clear();
    } finally {
      lock.unlock();
    }
    cancel.forEach(Scheduler.Task::cancel);
    lock.lock();
    try {
      work.signalAll();
      long nanos = timeout.isNegative() ? 0 : timeout.toNanos();
      while (processing > 0 && nanos > 0) {
        nanos = idle.awaitNanos(nanos);
      }
      return processing == 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return processing == 0;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "Dispatcher[" + name + ", concurrency=" + concurrency + "]";
  }
}
