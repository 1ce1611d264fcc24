package dev.plumb.actors;

import dev.plumb.api.actors.ActorReminder;
import dev.plumb.api.actors.ActorScheduleException;
import dev.plumb.api.actors.Remindable;
import dev.plumb.api.actors.Schedule;
import dev.plumb.api.actors.spi.ReminderCompletion;
import dev.plumb.api.actors.spi.ReminderKey;
import dev.plumb.api.actors.spi.ReminderPartition;
import dev.plumb.api.actors.spi.ReminderStore;
import dev.plumb.api.actors.spi.StoredReminder;
import dev.plumb.api.spi.Scheduler;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.runtime.spi.ComponentHandle;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable reminders: stored in a {@link ReminderStore} (the actor state store's own, or {@link
 * StateReminderStore} on its key/value operations), and fired from memory.
 *
 * <p>Every {@value #REFRESH_SECONDS} seconds, and whenever a batch used up a scan's limit, each
 * partition this member owns is asked for the reminders due within the next {@value
 * #WINDOW_SECONDS} seconds, and those go into the wheel: an in-memory timer queue ordered by due
 * time, with one scheduler task armed at its earliest entry. Registrations due within the loaded
 * window go straight into the wheel; later ones wait for a scan. So the store is never scanned
 * whole, and firing costs no store read.
 *
 * <p>When the armed task runs, every due entry fires as a turn of its actor, up to {@value
 * #PARALLELISM} at a time on the blocking executor, and the batch's outcomes (next due time, or
 * delete) are written in one {@link ReminderStore#completeReminders} call. The store is written
 * only after a firing: a crash in between fires it again (at least once). A failed firing is
 * retried from memory with Dapr's back-off (500 ms doubling to 60 s, for 15 minutes).
 * Registrations, scans and completions of one reminder are ordered by its revision and by marking
 * what changed during a scan, so a stale read never brings back a reminder that fired, moved or was
 * deleted. Everything waits on the engine's scheduler, so a test scheduler skips it. Thread-safe.
 */
final class Reminders {
  private static final Logger LOG = LoggerFactory.getLogger(Reminders.class);

  static final int WINDOW_SECONDS = 60;
  static final int REFRESH_SECONDS = 30;
  static final int SCAN_LIMIT = 1000;
  static final int PARALLELISM = 64;
  private static final long RETRY_FIRST_MILLIS = 500;
  private static final long RETRY_MAX_MILLIS = 60_000;
  private static final long RETRY_FOR_MILLIS = 15 * 60_000;

  private final ActorEngine engine;
  private final ReminderStore store;
  private final ReentrantLock[] stripes = new ReentrantLock[64];
  private final ReentrantLock scanLock = new ReentrantLock();
  private final ReentrantLock wheelLock = new ReentrantLock();
  private final AtomicLong sequence = new AtomicLong();

  // Guarded by lock.
  private final ReentrantLock lock = new ReentrantLock();
  private final TreeSet<Loaded> wheel = new TreeSet<>();
  private final Map<ReminderKey, Loaded> loaded = new HashMap<>();
  private final Map<ReminderKey, Loaded> inFlight = new HashMap<>();
  private final Map<ReminderPartition, Instant> horizon = new HashMap<>();
  private final Set<ReminderPartition> truncated = new HashSet<>();
  private final Set<ReminderKey> touchedDuringScan = new HashSet<>();
  private boolean scanning;
  private Scheduler.Task armed;
  private Instant armedAt;

  private volatile boolean running;
  private volatile Scheduler.Task refresh;

  /** A reminder in memory: in the wheel, or firing. */
  private static final class Loaded implements Comparable<Loaded> {
    final StoredReminder reminder;
    final long order;
    Instant due;
    int attempt;
    long firstFailure;
    boolean superseded;
    RuntimeException failure;
    Error error;

    Loaded(StoredReminder reminder, long order) {
      this.reminder = reminder;
      this.order = order;
      this.due = reminder.dueTime();
    }

    @Override
    public int compareTo(Loaded o) {
      int c = due.compareTo(o.due);
      return c != 0 ? c : Long.compare(order, o.order);
    }
  }

  /**
   * Creates the service on the actor state store.
   *
   * @param engine the engine
   * @param handle the actor state store, or {@code null} if there is none (no actor types)
   */
  Reminders(ActorEngine engine, ComponentHandle<StateComponent> handle) {
    this.engine = engine;
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
    }
    if (handle == null) {
      this.store = null;
    } else if (handle.component() instanceof ReminderStore) {
      this.store = new InvokedReminderStore((ReminderStore) handle.component(), handle.outbound());
    } else {
      this.store = new StateReminderStore(handle);
    }
  }

  // ---- registration ----

  void register(
      HostedType t, String id, String name, Schedule schedule, Object data, Object instance) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schedule, "schedule");
    if (instance != null && !(instance instanceof Remindable)) {
      throw new IllegalStateException(
          "actor "
              + t.name()
              + "/"
              + id
              + " registers reminder '"
              + name
              + "' but its object ("
              + instance.getClass().getName()
              + ") does not implement Remindable");
    }
    Instant now = engine.clock().instant();
    // Milliseconds are what every store keeps (a Redis score, a PostgreSQL timestamp).
    Instant due = schedule.firstDueTime(now).truncatedTo(ChronoUnit.MILLIS);
    Instant expiration = schedule.expiration(due);
    if (expiration != null && (now.isAfter(expiration) || due.isAfter(expiration))) {
      throw new ActorScheduleException(
          "reminder '"
              + name
              + "' of actor "
              + t.name()
              + "/"
              + id
              + " has already expired:"
              + " dueTime "
              + due
              + ", ttl "
              + schedule.ttl());
    }
    byte[] bytes =
        data == null
            ? null
            : engine
                .codec()
                .encode(data, "reminder '" + name + "' of actor " + t.name() + "/" + id + ": data");
    ReminderKey key = new ReminderKey(engine.appId(), t.name(), id, name, t.partitionOf(id));
    StoredReminder r =
        new StoredReminder(
            key,
            due,
            schedule.isPeriodic() ? schedule.period() : null,
            schedule.isPeriodic()
                ? (schedule.repetitions() < 0 ? -1 : schedule.repetitions() - 1)
                : 0,
            expiration,
            bytes,
            ThreadLocalRandom.current().nextLong());
    ReentrantLock stripe = stripe(key);
    stripe.lock();
    try {
      requireStore().saveReminder(r);
      lock.lock();
      try {
        touched(key);
        drop(key);
        Instant loadedUntil = horizon.get(r.key().partitionKey());
        if (running && loadedUntil != null && due.isBefore(loadedUntil)) {
          add(r);
          arm();
        }
      } finally {
        lock.unlock();
      }
    } catch (Exception e) {
      throw rethrow(e);
    } finally {
      stripe.unlock();
    }
  }

  void unregister(HostedType t, String id, String name) {
    ReminderKey key =
        new ReminderKey(
            engine.appId(), t.name(), id, Objects.requireNonNull(name), t.partitionOf(id));
    ReentrantLock stripe = stripe(key);
    stripe.lock();
    try {
      requireStore().deleteReminder(key);
      lock.lock();
      try {
        touched(key);
        drop(key);
      } finally {
        lock.unlock();
      }
    } catch (Exception e) {
      throw rethrow(e);
    } finally {
      stripe.unlock();
    }
  }

  Optional<ActorReminder> get(HostedType t, String id, String name) {
    ReminderKey key =
        new ReminderKey(
            engine.appId(), t.name(), id, Objects.requireNonNull(name), t.partitionOf(id));
    try {
      StoredReminder r = requireStore().getReminder(key);
      return r == null ? Optional.empty() : Optional.of(new ReminderView(r, engine.codec()));
    } catch (Exception e) {
      throw rethrow(e);
    }
  }

  private ReminderStore requireStore() {
    if (store == null) {
      throw new IllegalStateException("no actor state store is configured");
    }
    return store;
  }

  private ReentrantLock stripe(ReminderKey key) {
    return stripes[Math.floorMod(key.hashCode(), stripes.length)];
  }

  // ---- the wheel (callers hold lock) ----

  private void touched(ReminderKey key) {
    if (scanning) {
      touchedDuringScan.add(key);
    }
    Loaded firing = inFlight.get(key);
    if (firing != null) {
      firing.superseded = true;
    }
  }

  private void add(StoredReminder r) {
    Loaded l = new Loaded(r, sequence.incrementAndGet());
    loaded.put(r.key(), l);
    wheel.add(l);
  }

  private void drop(ReminderKey key) {
    Loaded l = loaded.remove(key);
    if (l != null) {
      wheel.remove(l);
    }
  }

  /** Arms the scheduler task at the wheel's earliest entry, unless one is armed as early. */
  private void arm() {
    if (!running || wheel.isEmpty()) {
      return;
    }
    Instant first = wheel.first().due;
    if (armed != null && !first.isBefore(armedAt)) {
      return;
    }
    if (armed != null) {
      armed.cancel();
    }
    armedAt = first;
    armed = engine.scheduler().schedule(first, this::turn);
  }

  // ---- lifecycle ----

  void start() {
    running = true;
    // The first load runs as a task, so starting never waits for the store.
    engine.scheduler().schedule(engine.clock().instant(), this::refresh);
    refresh = engine.scheduler().every(Duration.ofSeconds(REFRESH_SECONDS), this::refresh);
  }

  /**
   * Stops firing: scans and armed tasks end, and a batch in flight may finish and record itself.
   *
   * @param wait how long to wait for that batch at most
   */
  void stop(Duration wait) {
    running = false;
    Scheduler.Task r = refresh;
    if (r != null) {
      r.cancel();
    }
    lock.lock();
    try {
      if (armed != null) {
        armed.cancel();
        armed = null;
      }
    } finally {
      lock.unlock();
    }
    try {
      // Let a batch in flight write its completions before the store closes.
      if (wheelLock.tryLock(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS)) {
        wheelLock.unlock();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void close() {
    stop(Duration.ZERO);
  }

  void placementChanged() {
    if (!running) {
      return;
    }
    lock.lock();
    try {
      horizon.keySet().removeIf(p -> !owns(p));
      truncated.removeIf(p -> !owns(p));
      List<ReminderKey> gone = new ArrayList<>();
      for (Loaded l : loaded.values()) {
        if (!owns(l.reminder.key().partitionKey())) {
          gone.add(l.reminder.key());
        }
      }
      gone.forEach(this::drop);
    } finally {
      lock.unlock();
    }
    engine.scheduler().schedule(engine.clock().instant(), this::refresh);
  }

  private boolean owns(ReminderPartition p) {
    return engine.placement().ownsReminderPartition(p.actorType(), p.partition());
  }

  // ---- scans ----

  private void refresh() {
    if (!running || store == null) {
      return;
    }
    for (HostedType t : engine.types()) {
      for (int p = 0; p < t.partitions(); p++) {
        ReminderPartition partition = new ReminderPartition(engine.appId(), t.name(), p);
        if (running && owns(partition)) {
          scan(partition);
        }
      }
    }
  }

  private void scan(ReminderPartition partition) {
    scanLock.lock();
    try {
      Instant until = engine.clock().instant().plusSeconds(WINDOW_SECONDS);
      lock.lock();
      try {
        scanning = true;
        touchedDuringScan.clear();
      } finally {
        lock.unlock();
      }
      List<StoredReminder> due;
      try {
        due = store.dueReminders(partition, until, SCAN_LIMIT);
      } catch (Exception e) {
        LOG.warn(
            "loading the reminders of actor type '{}' (partition {}) failed; retrying in {} s",
            partition.actorType(),
            partition.partition(),
            REFRESH_SECONDS,
            e);
        return;
      } finally {
        lock.lock();
        try {
          scanning = false;
        } finally {
          lock.unlock();
        }
      }
      lock.lock();
      try {
        for (StoredReminder r : due) {
          apply(r);
        }
        horizon.put(partition, due.size() < SCAN_LIMIT ? until : due.get(due.size() - 1).dueTime());
        if (due.size() < SCAN_LIMIT) {
          truncated.remove(partition);
        } else {
          truncated.add(partition);
        }
        touchedDuringScan.clear();
        arm();
      } finally {
        lock.unlock();
      }
    } finally {
      scanLock.unlock();
    }
  }

  /** Takes a scanned reminder into the wheel, unless memory knows better. */
  private void apply(StoredReminder r) {
    ReminderKey key = r.key();
    if (inFlight.containsKey(key) || touchedDuringScan.contains(key)) {
      return;
    }
    Loaded current = loaded.get(key);
    if (current != null && current.reminder.revision() == r.revision()) {
      return;
    }
    drop(key);
    add(r);
  }

  // ---- firing ----

  /** The armed task: fires everything due, batch by batch, then re-arms. */
  private void turn() {
    wheelLock.lock();
    try {
      lock.lock();
      try {
        armed = null;
        armedAt = null;
      } finally {
        lock.unlock();
      }
      while (running) {
        List<Loaded> batch = takeDue();
        if (batch.isEmpty()) {
          break;
        }
        fire(batch);
        complete(batch);
      }
      reloadTruncated();
    } finally {
      wheelLock.unlock();
      lock.lock();
      try {
        arm();
      } finally {
        lock.unlock();
      }
    }
  }

  private List<Loaded> takeDue() {
    Instant now = engine.clock().instant();
    List<Loaded> batch = new ArrayList<>();
    lock.lock();
    try {
      while (!wheel.isEmpty() && batch.size() < SCAN_LIMIT && !wheel.first().due.isAfter(now)) {
        Loaded l = wheel.pollFirst();
        loaded.remove(l.reminder.key());
        inFlight.put(l.reminder.key(), l);
        batch.add(l);
      }
    } finally {
      lock.unlock();
    }
    return batch;
  }

  private void fire(List<Loaded> batch) {
    if (batch.size() == 1) {
      fireOne(batch.get(0));
      return;
    }
    ConcurrentLinkedQueue<Loaded> queue = new ConcurrentLinkedQueue<>(batch);
    int workers = Math.min(PARALLELISM, batch.size());
    CompletableFuture<?>[] done = new CompletableFuture<?>[workers];
    for (int i = 0; i < workers; i++) {
      done[i] =
          CompletableFuture.runAsync(
              () -> {
                Loaded l;
                while ((l = queue.poll()) != null) {
                  fireOne(l);
                }
              },
              engine.blockingExecutor());
    }
    CompletableFuture.allOf(done).join();
  }

  private void fireOne(Loaded l) {
    StoredReminder r = l.reminder;
    ReminderKey key = r.key();
    l.failure = null;
    l.error = null;
    try {
      HostedType t = engine.type(key.actorType());
      engine.telemetry().reminderLag(t, engine.clock().millis() - l.due.toEpochMilli());
      engine.fireReminder(t, key.actorId(), new ReminderView(r, engine.codec()));
    } catch (RuntimeException e) {
      l.failure = e;
    } catch (Error e) {
      l.error = e;
    }
  }

  /** Writes the batch's outcomes, then puts what comes next back into the wheel. */
  private void complete(List<Loaded> batch) {
    Instant now = engine.clock().instant();
    List<ReminderCompletion> completions = new ArrayList<>(batch.size());
    Map<ReminderKey, StoredReminder> next = new HashMap<>();
    List<Loaded> retries = new ArrayList<>();
    for (Loaded l : batch) {
      StoredReminder r = l.reminder;
      if (l.failure != null || l.error != null) {
        Throwable why = l.failure != null ? l.failure : l.error;
        if (l.attempt == 0) {
          l.firstFailure = now.toEpochMilli();
        }
        if (now.toEpochMilli() - l.firstFailure < RETRY_FOR_MILLIS) {
          long backoff = Math.min(RETRY_MAX_MILLIS, RETRY_FIRST_MILLIS << Math.min(l.attempt, 20));
          l.attempt++;
          l.due = now.plusMillis(backoff);
          LOG.warn(
              "reminder '{}' of actor {}/{} failed (attempt {}); retrying in {} ms",
              r.key().name(),
              r.key().actorType(),
              r.key().actorId(),
              l.attempt,
              backoff,
              why);
          retries.add(l);
          continue;
        }
        LOG.error(
            "reminder '{}' of actor {}/{} failed for {} minutes; giving this firing up",
            r.key().name(),
            r.key().actorType(),
            r.key().actorId(),
            RETRY_FOR_MILLIS / 60_000,
            why);
      }
      StoredReminder following = following(r, now);
      completions.add(new ReminderCompletion(r.key(), r.revision(), following));
      if (following != null) {
        next.put(r.key(), following);
      }
    }
    boolean written = true;
    if (!completions.isEmpty()) {
      try {
        store.completeReminders(completions);
      } catch (Exception e) {
        written = false;
        LOG.warn(
            "recording {} fired reminders failed; they fire again at the next scan",
            completions.size(),
            e);
      }
    }
    lock.lock();
    try {
      for (Loaded l : batch) {
        ReminderKey key = l.reminder.key();
        inFlight.remove(key, l);
        if (l.superseded || !running) {
          continue;
        }
        if (retries.contains(l)) {
          loaded.put(key, l);
          wheel.add(l);
          continue;
        }
        touched(key);
        StoredReminder following = written ? next.get(key) : null;
        Instant loadedUntil = horizon.get(l.reminder.key().partitionKey());
        if (following != null
            && loadedUntil != null
            && following.dueTime().isBefore(loadedUntil)
            && owns(following.key().partitionKey())) {
          drop(key);
          add(following);
        }
      }
      arm();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The reminder after a firing: one period later, or none. Periods missed while nothing ran are
   * skipped, so a reminder catches up with one firing, not a burst.
   */
  static StoredReminder following(StoredReminder r, Instant now) {
    if (r.period() == null || r.remainingRepetitions() == 0) {
      return null;
    }
    Schedule s = Schedule.builder().period(r.period()).build();
    Instant due = s.nextDueTime(r.dueTime());
    if (!due.isAfter(now)) {
      Duration step = Duration.between(r.dueTime(), due);
      if (!step.isNegative()
          && !step.isZero()
          && step.equals(Duration.between(due, s.nextDueTime(due)))) {
        // A fixed period: jump over the missed ones at once.
        long missed = Duration.between(due, now).toNanos() / step.toNanos() + 1;
        due = due.plus(step.multipliedBy(missed));
      }
      while (!due.isAfter(now)) {
        due = s.nextDueTime(due);
      }
    }
    if (r.expiration() != null && due.isAfter(r.expiration())) {
      return null;
    }
    int remaining = r.remainingRepetitions() < 0 ? -1 : r.remainingRepetitions() - 1;
    return new StoredReminder(
        r.key(),
        due,
        r.period(),
        remaining,
        r.expiration(),
        r.data(),
        ThreadLocalRandom.current().nextLong());
  }

  /** After a batch: partitions whose last scan hit its limit are scanned again at once. */
  private void reloadTruncated() {
    List<ReminderPartition> again;
    lock.lock();
    try {
      if (!running || truncated.isEmpty() || wheel.size() >= SCAN_LIMIT / 2) {
        return;
      }
      again = new ArrayList<>(truncated);
    } finally {
      lock.unlock();
    }
    for (ReminderPartition p : again) {
      scan(p);
    }
    lock.lock();
    try {
      if (!wheel.isEmpty() && !wheel.first().due.isAfter(engine.clock().instant())) {
        // Due at once: run the next round as a task of its own rather than recursing here.
        arm();
      }
    } finally {
      lock.unlock();
    }
  }

  private static RuntimeException rethrow(Exception e) {
    if (e instanceof RuntimeException) {
      return (RuntimeException) e;
    }
    return new IllegalStateException(e);
  }
}
