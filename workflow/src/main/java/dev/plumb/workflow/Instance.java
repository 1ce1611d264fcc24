package dev.plumb.workflow;

import dev.plumb.api.workflow.spi.InstanceRecord;
import dev.plumb.api.workflow.spi.StoredInstance;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An instance's mailbox and the life of its thread: the first inbound event starts a thread that
 * loads and replays the instance, which then stays cached, parked on the mailbox, until it finishes
 * or is evicted. Thread-safe.
 */
final class Instance {
  private static final Logger LOG = LoggerFactory.getLogger(Instance.class);
  private static final Duration BACK_OFF = Duration.ofSeconds(1);

  private final String id;
  private final WorkflowEngine engine;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final ArrayDeque<Inbound> mailbox = new ArrayDeque<>();
  private boolean running;
  private boolean idle;
  private boolean evict;
  private boolean dead;
  private boolean backingOff;
  private volatile long lastUse;
  private StoredInstance seed;
  private InstanceRecord latest;

  Instance(String id, WorkflowEngine engine) {
    this.id = id;
    this.engine = engine;
  }

  String id() {
    return id;
  }

  /**
   * Adds an event and starts the thread if none runs.
   *
   * @return false if this object is retired; the engine then makes a new one
   */
  boolean deliver(Inbound m) {
    boolean started = false;
    lock.lock();
    try {
      if (dead) {
        return false;
      }
      mailbox.add(m);
      lastUse = System.nanoTime();
      if (!running && !backingOff) {
        startThread();
        started = true;
      } else {
        arrived.signal();
      }
    } finally {
      lock.unlock();
    }
    if (started) {
      // Outside this instance's lock: trimming takes other instances' locks.
      engine.trimCache(this);
    }
    return true;
  }

  /**
   * Hands the next thread the instance as a commit here just wrote it, so that it starts without a
   * load. Used only when nothing else can change the row before that thread reads it.
   */
  void seed(StoredInstance stored) {
    lock.lock();
    try {
      seed = stored;
    } finally {
      lock.unlock();
    }
  }

  /** The seed, once; null if none, and then the thread loads the instance. */
  StoredInstance takeSeed() {
    lock.lock();
    try {
      StoredInstance s = seed;
      seed = null;
      return s;
    } finally {
      lock.unlock();
    }
  }

  /** Notes a row a commit here wrote; commits may report out of order, so the newest stays. */
  void wrote(InstanceRecord r) {
    lock.lock();
    try {
      latest = newest(latest, r);
    } finally {
      lock.unlock();
    }
  }

  /** Forgets the row: the instance was purged. */
  void forgetRow() {
    lock.lock();
    try {
      latest = null;
    } finally {
      lock.unlock();
    }
  }

  /** The row of the higher version of two, either of which may be null. */
  static InstanceRecord newest(InstanceRecord a, InstanceRecord b) {
    if (a == null) {
      return b;
    }
    return b == null || a.version() >= b.version() ? a : b;
  }

  /** The newest row a commit here wrote, or null (also once retired: another owner may write). */
  InstanceRecord latest() {
    lock.lock();
    try {
      return dead ? null : latest;
    } finally {
      lock.unlock();
    }
  }

  /** Puts events back at the head of the mailbox, for a later thread. */
  void requeue(List<Inbound> events) {
    lock.lock();
    try {
      for (int i = events.size() - 1; i >= 0; i--) {
        mailbox.addFirst(events.get(i));
      }
    } finally {
      lock.unlock();
    }
  }

  /** Delays the next thread after a store failure. */
  void backOff() {
    lock.lock();
    try {
      backingOff = true;
    } finally {
      lock.unlock();
    }
    engine
        .scheduler()
        .schedule(
            BACK_OFF,
            () -> {
              lock.lock();
              try {
                backingOff = false;
                if (!running && !mailbox.isEmpty() && !dead) {
                  startThread();
                }
              } finally {
                lock.unlock();
              }
            });
  }

  /** Returns the next event if one is waiting; called by the instance's thread. */
  Inbound poll() {
    lock.lock();
    try {
      if (evict) {
        throw new Signal(Signal.Kind.EVICTED, "evicted");
      }
      return mailbox.poll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits for the next event; throws the eviction signal if evicted meanwhile. */
  Inbound take() {
    lock.lock();
    try {
      idle = true;
      while (mailbox.isEmpty() && !evict) {
        arrived.awaitUninterruptibly();
      }
      idle = false;
      if (evict) {
        throw new Signal(Signal.Kind.EVICTED, "evicted");
      }
      return mailbox.poll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Asks the thread to leave the cache if it is parked with nothing to do.
   *
   * @param force whether to ask even if busy (closing)
   * @return true if asked
   */
  boolean evict(boolean force) {
    lock.lock();
    try {
      if (running && (force || idle && mailbox.isEmpty())) {
        evict = true;
        arrived.signalAll();
        return true;
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  boolean isRunning() {
    lock.lock();
    try {
      return running;
    } finally {
      lock.unlock();
    }
  }

  long lastUse() {
    return lastUse;
  }

  private void startThread() {
    running = true;
    evict = false;
    engine.threadStarted(this);
    try {
      engine.workflowExecutor().execute(this::runThread);
    } catch (RuntimeException e) {
      running = false;
      engine.threadEnded(this);
      LOG.error("workflow instance '{}': no thread to run it: {}", id, e.toString());
    }
  }

  private void runThread() {
    try {
      new Execution(engine, this).main();
    } catch (Throwable t) {
      LOG.error("workflow instance '{}' failed in the engine", id, t);
    } finally {
      engine.threadEnded(this);
      lock.lock();
      try {
        running = false;
        idle = false;
        evict = false;
        if (!mailbox.isEmpty() && !backingOff && engine.isOpen()) {
          startThread();
        } else if (mailbox.isEmpty() && !backingOff) {
          dead = true;
          engine.forget(this);
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
