package dev.plumb.runtime.internal.pubsub;

import dev.plumb.api.spi.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher of one bulk subscription, Dapr's default bulk subscriber: collects deliveries into
 * a batch and hands it over once it holds {@code maxMessagesCount} of them or {@code
 * maxAwaitDuration} has passed since its first (on the scheduler's clock, restarted with every
 * batch), then processes batches on at most {@code concurrency} workers of the blocking executor.
 * Entries keep their delivery order within a batch.
 *
 * <p>{@link #stop(Duration)} is the drain: nothing more starts (the pending batch and queued ones
 * stay unsettled) and it waits, in real time, for the batches being processed. Thread-safe.
 */
final class BulkDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(BulkDispatcher.class);

  private final String name;
  private final Executor workers;
  private final Scheduler scheduler;
  private final int concurrency;
  private final int maxMessages;
  private final Duration maxAwait;
  private final Consumer<List<Delivery>> processor;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private final ArrayDeque<List<Delivery>> batches = new ArrayDeque<>();
  private List<Delivery> pending = new ArrayList<>();
  private Scheduler.Task timer;
  private int workersRunning;
  private int processing;
  private boolean stopped;

  /**
   * Creates a dispatcher.
   *
   * @param name names the subscription in logs
   * @param workers runs the workers (blocking work)
   * @param scheduler times the batches
   * @param concurrency the most batches processed at once; positive
   * @param maxMessages the most entries of a batch
   * @param maxAwait the longest wait for a batch to fill
   * @param processor processes one batch and settles each entry; never throws
   */
  BulkDispatcher(
      String name,
      Executor workers,
      Scheduler scheduler,
      int concurrency,
      int maxMessages,
      Duration maxAwait,
      Consumer<List<Delivery>> processor) {
    this.name = name;
    this.workers = workers;
    this.scheduler = scheduler;
    this.concurrency = concurrency;
    this.maxMessages = maxMessages;
    this.maxAwait = maxAwait;
    this.processor = processor;
  }

  /**
   * Adds a delivery to the pending batch; returns at once.
   *
   * @param d the delivery
   */
  void submit(Delivery d) {
    List<Delivery> arm = null;
    boolean start = false;
    Scheduler.Task cancel = null;
    lock.lock();
    try {
      if (stopped) {
        return;
      }
      pending.add(d);
      if (pending.size() >= maxMessages) {
        cancel = timer;
        timer = null;
        start = flush();
      } else if (pending.size() == 1) {
        arm = pending;
      }
    } finally {
      lock.unlock();
    }
    if (cancel != null) {
      cancel.cancel();
    }
    if (arm != null) {
      arm(arm);
    }
    if (start) {
      startWorker();
    }
  }

  /** Starts the wait of a batch that just got its first entry. */
  private void arm(List<Delivery> batch) {
    Scheduler.Task t = scheduler.schedule(maxAwait, () -> expire(batch));
    lock.lock();
    try {
      if (pending == batch && !stopped) {
        timer = t;
        return;
      }
    } finally {
      lock.unlock();
    }
    t.cancel();
  }

  private void expire(List<Delivery> batch) {
    boolean start;
    lock.lock();
    try {
      if (pending != batch || stopped || pending.isEmpty()) {
        return;
      }
      timer = null;
      start = flush();
    } finally {
      lock.unlock();
    }
    if (start) {
      startWorker();
    }
  }

  /** Under the lock: queues the pending batch; whether another worker may start. */
  private boolean flush() {
    batches.add(pending);
    pending = new ArrayList<>();
    if (workersRunning < concurrency) {
      workersRunning++;
      return true;
    }
    return false;
  }

  private void startWorker() {
    try {
      workers.execute(this::work);
    } catch (RejectedExecutionException e) {
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
    List<Delivery> batch = next(false);
    while (batch != null) {
      try {
        processor.accept(batch);
      } catch (RuntimeException | Error e) {
        LOG.error("{}: processing a batch failed: {}", name, e.toString(), e);
      }
      batch = next(true);
    }
  }

  private List<Delivery> next(boolean finished) {
    lock.lock();
    try {
      if (finished) {
        processing--;
      }
      if (stopped || batches.isEmpty()) {
        workersRunning--;
        if (processing == 0) {
          idle.signalAll();
        }
        return null;
      }
      processing++;
      return batches.poll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops starting batches and waits for those being processed, at most {@code timeout} of real
   * time. The pending and queued batches are dropped unsettled. Idempotent.
   *
   * @param timeout the longest wait
   * @return {@code true} if nothing is being processed any more
   */
  boolean stop(Duration timeout) {
    Scheduler.Task cancel;
    lock.lock();
    try {
      stopped = true;
      batches.clear();
      pending = new ArrayList<>();
      cancel = timer;
      timer = null;
    } finally {
      lock.unlock();
    }
    if (cancel != null) {
      cancel.cancel();
    }
    lock.lock();
    try {
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
    return "BulkDispatcher[" + name + ", maxMessagesCount=" + maxMessages + "]";
  }
}
