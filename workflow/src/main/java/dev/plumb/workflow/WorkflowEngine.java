package dev.plumb.workflow;

import dev.plumb.api.spi.Scheduler;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.api.workflow.ActivityContext;
import dev.plumb.api.workflow.ActivityDefinition;
import dev.plumb.api.workflow.FailureDetails;
import dev.plumb.api.workflow.InvalidInstanceIdException;
import dev.plumb.api.workflow.ScheduleOptions;
import dev.plumb.api.workflow.Workflow;
import dev.plumb.api.workflow.WorkflowAlreadyExistsException;
import dev.plumb.api.workflow.WorkflowConfigurationException;
import dev.plumb.api.workflow.WorkflowDefinition;
import dev.plumb.api.workflow.WorkflowNotFoundException;
import dev.plumb.api.workflow.WorkflowNotRegisteredException;
import dev.plumb.api.workflow.WorkflowPage;
import dev.plumb.api.workflow.WorkflowQuery;
import dev.plumb.api.workflow.WorkflowState;
import dev.plumb.api.workflow.WorkflowStateException;
import dev.plumb.api.workflow.WorkflowStatus;
import dev.plumb.api.workflow.WorkflowStoreException;
import dev.plumb.api.workflow.Workflows;
import dev.plumb.api.workflow.spi.Commit;
import dev.plumb.api.workflow.spi.EventType;
import dev.plumb.api.workflow.spi.HistoryEvent;
import dev.plumb.api.workflow.spi.InstanceRecord;
import dev.plumb.api.workflow.spi.StoredInstance;
import dev.plumb.api.workflow.spi.WorkItem;
import dev.plumb.api.workflow.spi.WorkKey;
import dev.plumb.api.workflow.spi.WorkflowStore;
import dev.plumb.runtime.spi.ComponentHandle;
import dev.plumb.runtime.spi.Engine;
import dev.plumb.runtime.spi.EngineContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow engine of one {@code Plumb}: registry, store, cache of live instances, dispatch of
 * activities, timers and messages, and the management API. Thread-safe.
 */
final class WorkflowEngine implements Engine, Workflows {
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowEngine.class);
  private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9_-]+");
  private static final String ACTOR_STATE_STORE = "actorStateStore";

  /**
   * Loads of instances that resume at once (a partition taken over, a burst of events for evicted
   * instances) wait for each other beyond this many, so that they queue here, in order, rather than
   * exhaust the store's connection pool and fail steps.
   */
  private static final int CONCURRENT_LOADS = 8;

  private enum Phase {
    CREATED,
    RUNNING,
    CLOSED
  }

  private final Clock clock;
  private final Scheduler scheduler;
  private final Executor blockingExecutor;
  private final Codec codec;
  private final WorkflowStore store;
  private final String owner;
  private final Map<String, List<WorkflowDefinition<Object, Object>>> workflows =
      new LinkedHashMap<>();
  private final Map<Class<?>, String> workflowClasses = new HashMap<>();
  private final Map<String, ActivityDefinition<Object, Object>> activities = new LinkedHashMap<>();
  private final ConcurrentHashMap<String, Instance> instances = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Watch> watchers = new ConcurrentHashMap<>();
  private final AtomicInteger live = new AtomicInteger();
  private final Semaphore loads = new Semaphore(CONCURRENT_LOADS, true);
  private final WorkflowTelemetry telemetry;
  private final Consumer<WorkItem> activityRunner = this::runActivity;
  private final int maxLive;
  private final Ownership ownership;
  private final Duration pollInterval;
  // Work handed to the activity executor, the scheduler or an instance, by instance and key, until
  // the step that consumes it commits: what the inbox and a partition's recovery skip.
  private final ConcurrentHashMap<String, Map<String, WorkItem>> inFlight =
      new ConcurrentHashMap<>();
  // Work consumed lately: a copy read from the store just before its step committed (the inbox
  // races with the step) must not run twice. Bounded; a read lasts milliseconds.
  private final Map<WorkKey, Boolean> recentlyDone =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<WorkKey, Boolean> eldest) {
              return size() > 10_000;
            }
          });
  // Leases and the inbox run on real time (see Ownership), on a thread of their own: store round
  // trips there never hold up the runtime's timers.
  private volatile ScheduledExecutorService leaseTimer;
  private volatile Phase phase = Phase.CREATED;

  @SuppressWarnings({"unchecked", "rawtypes"})
  WorkflowEngine(EngineContext context, Function<EngineContext, WorkflowStore> storeFactory) {
    this.clock = context.clock();
    this.scheduler = context.scheduler();
    this.blockingExecutor = context.blockingExecutor();
    this.codec = new Codec(context.serializer());
    this.owner = (context.appId().isEmpty() ? "app" : context.appId()) + "-" + UUID.randomUUID();
    this.maxLive =
        Integer.getInteger(
            "dev.plumb.workflow.maxCachedInstances",
            Runtime.version().feature() >= 21 ? 100_000 : 1_000);
    for (WorkflowDefinition d : context.registrations(WorkflowDefinition.class)) {
      List<WorkflowDefinition<Object, Object>> versions =
          workflows.computeIfAbsent(d.name(), k -> new ArrayList<>());
      for (WorkflowDefinition<Object, Object> v : versions) {
        if (java.util.Objects.equals(v.versionName(), d.versionName())) {
          throw new WorkflowConfigurationException(
              "workflow '"
                  + d.name()
                  + "'"
                  + (d.versionName() == null ? "" : " version '" + d.versionName() + "'")
                  + " is registered twice; give one of them another name with"
                  + " WorkflowDefinition.named(...)");
        }
      }
      if (d.isLatest() && versions.stream().anyMatch(WorkflowDefinition::isLatest)) {
        throw new WorkflowConfigurationException(
            "workflow '"
                + d.name()
                + "' has two versions marked latest; register older versions with"
                + " version(name, false)");
      }
      versions.add(d);
      workflowClasses.putIfAbsent(d.workflow().getClass(), d.name());
    }
    for (ActivityDefinition d : context.registrations(ActivityDefinition.class)) {
      if (activities.putIfAbsent(d.name(), d) != null) {
        throw new WorkflowConfigurationException(
            "activity '"
                + d.name()
                + "' is registered twice; give one of them another name with"
                + " ActivityDefinition.named(...)");
      }
    }
    this.telemetry = new WorkflowTelemetry(context.openTelemetry());
    this.store = storeFactory.apply(context);
    this.ownership =
        new Ownership(
            store,
            owner,
            Duration.ofMillis(Long.getLong("dev.plumb.workflow.leaseTtlMillis", 10_000)));
    this.pollInterval =
        Duration.ofMillis(Long.getLong("dev.plumb.workflow.pollIntervalMillis", 1_000));
  }

  /** Picks the store: one registered in code, else the actor state store's, else memory. */
  static WorkflowStore chooseStore(EngineContext context) {
    List<WorkflowStore> given = context.registrations(WorkflowStore.class);
    if (!given.isEmpty()) {
      return given.get(given.size() - 1);
    }
    List<ComponentHandle<StateComponent>> marked =
        context.components(StateComponent.class).stream()
            .filter(h -> h.metadata().getBoolean(ACTOR_STATE_STORE, false))
            .collect(Collectors.toList());
    if (marked.size() == 1 && marked.get(0).component() instanceof WorkflowStore) {
      return ((WorkflowStore) marked.get(0).component()).forApp(context.appId());
    }
    if (marked.size() == 1) {
      return new StateWorkflowStore(marked.get(0), context.appId());
    }
    if (marked.size() > 1) {
      throw new WorkflowConfigurationException(
          "state stores "
              + marked.stream().map(h -> "'" + h.name() + "'").collect(Collectors.joining(", "))
              + " are all marked actorStateStore: \"true\"; keep the flag on one of them");
    }
    LOG.info(
        "workflows: no state store is marked actorStateStore: \"true\"; workflows are kept in"
            + " memory and do not survive a restart");
    return new InMemoryWorkflowStore();
  }

  // ---- services for Execution and Instance ----

  Codec codec() {
    return codec;
  }

  WorkflowTelemetry telemetry() {
    return telemetry;
  }

  Scheduler scheduler() {
    return scheduler;
  }

  Executor workflowExecutor() {
    return blockingExecutor;
  }

  /** The epoch to commit a step of an instance with: its partition's lease's, or 0. */
  long epochOf(String instanceId) {
    return ownership.epochOf(instanceId);
  }

  /** Whether a commit adding this work must signal it: some of it belongs to others' partitions. */
  boolean signals(List<WorkItem> added) {
    for (WorkItem w : added) {
      if (!ownership.holds(w.instanceId())) {
        return true;
      }
    }
    return false;
  }

  Instant now() {
    return clock.instant();
  }

  boolean isOpen() {
    return phase != Phase.CLOSED;
  }

  WorkflowDefinition<Object, Object> workflow(String name, String version) {
    List<WorkflowDefinition<Object, Object>> versions = workflows.get(name);
    if (versions == null) {
      return null;
    }
    for (WorkflowDefinition<Object, Object> d : versions) {
      if (version == null ? d.isLatest() : version.equals(d.versionName())) {
        return d;
      }
    }
    return null;
  }

  ActivityDefinition<Object, Object> activity(String name) {
    return activities.get(name);
  }

  StoredInstance load(String instanceId) {
    try {
      return store.load(instanceId);
    } catch (Exception e) {
      throw new WorkflowStoreException(
          "workflow store: load of instance '" + instanceId + "' failed: " + e, e);
    }
  }

  /** Loads an instance to run it, at most {@link #CONCURRENT_LOADS} at once. */
  StoredInstance loadToRun(String instanceId) {
    loads.acquireUninterruptibly();
    try {
      return load(instanceId);
    } finally {
      loads.release();
    }
  }

  /** Whether an instance is in the cache. For tests. */
  boolean isCached(String instanceId) {
    return instances.containsKey(instanceId);
  }

  /** How many instances wait for their turn to load. For tests. */
  int loadsWaiting() {
    return loads.getQueueLength();
  }

  Commit.Result commit(Commit c) {
    Commit.Result r;
    try {
      r = store.commit(c);
    } catch (Exception e) {
      throw new WorkflowStoreException(
          "workflow store: commit"
              + (c.instanceId() == null ? "" : " of instance '" + c.instanceId() + "'")
              + " failed: "
              + e,
          e);
    }
    if (r == Commit.Result.FENCED) {
      LOG.warn(
          "workflows: the lease on the partition of instance '{}' passed to another engine; this"
              + " one ({}) leaves the instance to it",
          c.instanceId(),
          owner);
    }
    return r;
  }

  /**
   * After a commit: forgets the work it consumed, runs the work it added for this engine's
   * partitions (the store signals the rest to their owners) and wakes whoever waits.
   */
  void committed(Commit c) {
    for (WorkKey k : c.removed()) {
      Map<String, WorkItem> m = inFlight.get(k.instanceId());
      if (m != null) {
        m.remove(k.key());
      }
      recentlyDone.put(k, Boolean.TRUE);
    }
    if (c.clearTasks() && c.instanceId() != null) {
      Map<String, WorkItem> m = inFlight.get(c.instanceId());
      if (m != null) {
        m.values().removeIf(w -> w.kind() != WorkItem.Kind.MESSAGE);
      }
    }
    for (WorkItem w : c.added()) {
      if (ownership.holds(w.instanceId())) {
        dispatch(w);
      }
    }
    if (c.instanceId() != null) {
      wrote(c.instanceId(), c.record());
    }
  }

  /** Dispatches work found in the store unless it is already in flight here. */
  private void offer(WorkItem w) {
    Map<String, WorkItem> m =
        inFlight.computeIfAbsent(w.instanceId(), k -> new ConcurrentHashMap<>());
    WorkItem had = m.get(w.key());
    if (had != null && had.attempt() == w.attempt() && had.generation() == w.generation()
        || had == null && recentlyDone.containsKey(w.workKey())) {
      return;
    }
    dispatch(w);
  }

  /**
   * After a change here: notes the row in the cached instance and wakes the instance's waiters.
   *
   * @param record the row the change wrote, or null if it changed the instance in another way (a
   *     purge, a commit of work only): the cached instance then forgets its row only on a purge
   */
  private void wrote(String instanceId, InstanceRecord record) {
    Instance i = instances.get(instanceId);
    if (i != null && record != null) {
      i.wrote(record);
    }
    Watch w = watchers.get(instanceId);
    if (w != null) {
      w.changed(record);
    }
  }

  /**
   * The waiters of one instance: a future per wait that the next commit completes, and the newest
   * row a commit here wrote. Waiters read that row rather than the store, so a hundred waiters cost
   * no reads per step. Created by the first waiter and removed by the last, both inside the map's
   * {@code compute}.
   */
  private static final class Watch {
    private int waiters;
    private InstanceRecord latest;
    private List<Waiter> next = new ArrayList<>();

    /** A wait for the instance's status to pass {@code done}. */
    private record Waiter(CompletableFuture<Void> future, Predicate<WorkflowStatus> done) {}

    /** A future that a commit completes once the newest row passes {@code done}, or a purge. */
    synchronized CompletableFuture<Void> next(Predicate<WorkflowStatus> done) {
      CompletableFuture<Void> f = new CompletableFuture<>();
      next.add(new Waiter(f, done));
      return f;
    }

    /** Drops a wait that ended otherwise (its condition held, or it timed out). */
    synchronized void forget(CompletableFuture<Void> f) {
      next.removeIf(w -> w.future() == f);
    }

    synchronized InstanceRecord latest() {
      return latest;
    }

    void changed(InstanceRecord record) {
      List<Waiter> woken = new ArrayList<>();
      synchronized (this) {
        // Commits of one instance may wake out of order: keep the newest row. A change without a
        // row (a purge, a close) makes every waiter read the store.
        latest = record == null ? null : Instance.newest(latest, record);
        // Only waits that the newest row ends are woken: a hundred waiters sleep through steps.
        List<Waiter> stay = new ArrayList<>();
        for (Waiter w : next) {
          (latest == null || w.done().test(latest.status()) ? woken : stay).add(w);
        }
        next = stay;
      }
      woken.forEach(w -> w.future().complete(null));
    }
  }

  void threadStarted(Instance i) {
    live.incrementAndGet();
  }

  /** Evicts the least recently used idle instances while more than the cache's limit are live. */
  void trimCache(Instance i) {
    if (live.get() > maxLive) {
      instances.values().stream()
          .filter(x -> x != i)
          .sorted(Comparator.comparingLong(Instance::lastUse))
          .filter(x -> x.evict(false))
          .limit(Math.max(1, maxLive / 10))
          .count();
    }
  }

  void threadEnded(Instance i) {
    live.decrementAndGet();
  }

  void forget(Instance i) {
    instances.remove(i.id(), i);
    Map<String, WorkItem> m = inFlight.get(i.id());
    if (m != null && m.isEmpty()) {
      inFlight.remove(i.id(), m);
    }
  }

  /** Evicts an instance from the cache if it is idle; its next event replays it. For tests. */
  boolean evict(String instanceId) {
    Instance i = instances.get(instanceId);
    return i != null && i.evict(false);
  }

  /** Lists the partitions this engine holds. For tests. */
  List<Integer> heldPartitions() {
    return ownership.heldPartitions();
  }

  /** Counts the instances whose code is live in memory. */
  int liveInstances() {
    return live.get();
  }

  void deliver(String instanceId, Inbound m) {
    if (phase == Phase.CLOSED || !ownership.holds(instanceId)) {
      // Another engine holds the partition now; the work stays in the store for it.
      return;
    }
    while (!instances.computeIfAbsent(instanceId, id -> new Instance(id, this)).deliver(m)) {
      Thread.onSpinWait();
    }
  }

  private void dispatch(WorkItem w) {
    inFlight.computeIfAbsent(w.instanceId(), k -> new ConcurrentHashMap<>()).put(w.key(), w);
    if (w.kind() == WorkItem.Kind.ACTIVITY) {
      blockingExecutor.execute(telemetry.activity(w, activityRunner));
      return;
    }
    Inbound m = new Inbound(w.event(), w.workKey(), w.generation());
    if (w.dueAt().isAfter(clock.instant())) {
      telemetry.timerArmed();
      scheduler.schedule(
          w.dueAt(),
          () -> {
            telemetry.timerFired();
            deliver(w.instanceId(), m);
          });
    } else {
      deliver(w.instanceId(), m);
    }
  }

  private void runActivity(WorkItem w) {
    if (phase == Phase.CLOSED || !ownership.holds(w.instanceId())) {
      return;
    }
    HistoryEvent s = w.event();
    ActivityDefinition<Object, Object> a = activities.get(s.name());
    HistoryEvent result;
    long startNanos = System.nanoTime();
    try {
      if (a == null) {
        throw new WorkflowNotRegisteredException(
            "no activity named '" + s.name() + "' is registered");
      }
      Object in = codec.decode(s.data(), a.inputType(), "input of activity '" + s.name() + "'");
      Object out = a.activity().run(new Ctx(s.name(), w, s), in);
      result =
          HistoryEvent.of(EventType.TASK_COMPLETED, clock.instant(), s.taskId(), s.name())
              .withData(codec.encode(out, "result of activity '" + s.name() + "'"));
    } catch (Exception | LinkageError | AssertionError e) {
      FailureDetails f = Execution.failureOf(e);
      result =
          HistoryEvent.of(EventType.TASK_FAILED, clock.instant(), s.taskId(), s.name())
              .withFailure(f);
    }
    telemetry.activityEnded(w, result, startNanos);
    deliver(w.instanceId(), new Inbound(result, w.workKey(), w.generation()));
  }

  /** An activity call's context. */
  private record Ctx(String name, WorkItem w, HistoryEvent s) implements ActivityContext {
    @Override
    public String workflowInstanceId() {
      return w.instanceId();
    }

    @Override
    public int taskId() {
      return s.taskId();
    }

    @Override
    public String idempotencyKey() {
      return w.instanceId() + ":" + w.generation() + ":" + s.relatedId();
    }

    @Override
    public int attempt() {
      return w.attempt();
    }
  }

  // ---- lifecycle ----

  @Override
  public <T> Optional<T> api(Class<T> api) {
    return api == Workflows.class ? Optional.of(api.cast(this)) : Optional.empty();
  }

  @Override
  public void start() throws Exception {
    phase = Phase.RUNNING;
    changed(ownership.tick());
    ScheduledExecutorService t =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread th = new Thread(r, "plumb-workflow-leases");
              th.setDaemon(true);
              return th;
            });
    long renew = ownership.ttl().dividedBy(4).toMillis();
    t.scheduleWithFixedDelay(this::renewLeases, renew, renew, TimeUnit.MILLISECONDS);
    long poll = pollInterval.toMillis();
    t.scheduleWithFixedDelay(this::pollInbox, poll, poll, TimeUnit.MILLISECONDS);
    leaseTimer = t;
  }

  private void renewLeases() {
    if (phase != Phase.RUNNING) {
      return;
    }
    try {
      changed(ownership.tick());
    } catch (Exception e) {
      LOG.warn(
          "workflows: renewing this engine's partition leases failed ({}); its instances pause"
              + " when the leases lapse and another replica takes them",
          e.toString());
    }
  }

  /** Takes up partitions just acquired, drops the instances of partitions lost. */
  private void changed(Ownership.Change change) throws Exception {
    for (int p : change.lost()) {
      for (Instance i : instances.values()) {
        if (ownership.partitionOf(i.id()) == p) {
          i.evict(true);
        }
      }
      inFlight.keySet().removeIf(id -> ownership.partitionOf(id) == p);
      synchronized (recentlyDone) {
        recentlyDone.keySet().removeIf(k -> ownership.partitionOf(k.instanceId()) == p);
      }
      LOG.info("workflows: partition {} passed to another engine", p);
    }
    int resumed = 0;
    for (int p : change.acquired()) {
      for (WorkItem w : store.pendingWork(p)) {
        offer(w);
        resumed++;
      }
    }
    if (resumed > 0) {
      LOG.info("workflows: resumed {} pending activities, timers and messages", resumed);
    }
  }

  private void pollInbox() {
    if (phase != Phase.RUNNING) {
      return;
    }
    try {
      Set<Integer> held = new TreeSet<>(ownership.heldPartitions());
      if (held.isEmpty()) {
        return;
      }
      for (WorkItem w : store.inbox(held)) {
        if (ownership.holds(w.instanceId())) {
          offer(w);
        }
      }
    } catch (Exception e) {
      LOG.warn("workflows: reading the workflow store's inbox failed ({})", e.toString());
    }
  }

  @Override
  public void close() {
    boolean started = phase == Phase.RUNNING;
    phase = Phase.CLOSED;
    stopLeaseTimer();
    instances.values().forEach(i -> i.evict(true));
    telemetry.close();
    watchers.values().forEach(w -> w.changed(null));
    if (!started) {
      return;
    }
    try {
      // Another replica (or this application restarted) takes the partitions without waiting.
      ownership.releaseAll();
    } catch (Exception e) {
      LOG.warn(
          "workflows: releasing the partition leases failed ({}); another engine takes them when"
              + " they expire",
          e.toString());
    }
  }

  private void stopLeaseTimer() {
    ScheduledExecutorService t = leaseTimer;
    if (t != null) {
      t.shutdownNow();
    }
  }

  /**
   * Stops renewing leases and reading the inbox, and drops every live instance, without giving the
   * leases back: what a JVM killed with {@code kill -9} leaves behind. For tests.
   */
  void halt() {
    stopLeaseTimer();
    instances.values().forEach(i -> i.evict(true));
  }

  private void checkOpen() {
    if (phase != Phase.RUNNING) {
      throw new IllegalStateException("the workflow engine is " + phase.name().toLowerCase());
    }
  }

  // ---- management ----

  static void checkInstanceId(String id, String operation) {
    if (id == null || id.isEmpty()) {
      throw new InvalidInstanceIdException(
          "workflows " + operation + ": the instance id is empty (ERR_INSTANCE_ID_INVALID)");
    }
    if (id.length() > 64) {
      throw new InvalidInstanceIdException(
          "workflows "
              + operation
              + ": instance id is "
              + id.length()
              + " characters long; at most 64 are allowed (ERR_INSTANCE_ID_TOO_LONG)");
    }
    if (!INSTANCE_ID.matcher(id).matches()) {
      throw new InvalidInstanceIdException(
          "workflows "
              + operation
              + ": instance id '"
              + id
              + "' may contain only letters, digits, '-' and '_' (ERR_INSTANCE_ID_INVALID)");
    }
  }

  private InstanceRecord read(String instanceId) {
    try {
      return store.get(instanceId);
    } catch (Exception e) {
      throw new WorkflowStoreException(
          "workflow store: read of instance '" + instanceId + "' failed: " + e, e);
    }
  }

  private InstanceRecord existing(String instanceId, String operation) {
    if (instanceId == null || instanceId.isEmpty()) {
      throw new InvalidInstanceIdException(
          "workflows " + operation + ": the instance id is empty (ERR_INSTANCE_ID_INVALID)");
    }
    InstanceRecord r = read(instanceId);
    if (r == null) {
      throw new WorkflowNotFoundException(
          "workflows "
              + operation
              + ": no workflow instance has the id '"
              + instanceId
              + "' (ERR_INSTANCE_ID_NOT_FOUND)");
    }
    return r;
  }

  @Override
  public String schedule(String name, Object input, ScheduleOptions options) {
    checkOpen();
    java.util.Objects.requireNonNull(name, "name");
    ScheduleOptions o = options == null ? ScheduleOptions.defaults() : options;
    WorkflowDefinition<Object, Object> def = workflow(name, o.version());
    if (def == null) {
      throw new WorkflowNotRegisteredException(
          "workflows schedule: no workflow named '"
              + name
              + "'"
              + (o.version() == null ? "" : " with version '" + o.version() + "'")
              + " is registered; register it with Plumb.Builder#workflow");
    }
    String id = o.instanceId() == null ? UUID.randomUUID().toString() : o.instanceId();
    checkInstanceId(id, "schedule");
    byte[] data = codec.encode(input, "input of workflow '" + name + "'");
    // A generated id is new: only a caller's own id needs a read, to refuse a running instance or
    // to reuse a finished one's id.
    InstanceRecord old = o.instanceId() == null ? null : read(id);
    if (old != null && !old.status().isTerminal()) {
      throw new WorkflowAlreadyExistsException(
          "workflows schedule: an instance with the id '"
              + id
              + "' exists and is "
              + old.status()
              + "; an id is reusable only once its instance is finished");
    }
    Commit c = startCommit(name, def, id, data, o, old);
    Commit.Result result = commit(c);
    if (result == Commit.Result.VERSION_CONFLICT) {
      throw new WorkflowAlreadyExistsException(
          "workflows schedule: an instance with the id '" + id + "' was scheduled meanwhile");
    }
    if (result == Commit.Result.FENCED) {
      throw new WorkflowStoreException(
          "workflows schedule: the instance '"
              + id
              + "' was scheduled meanwhile or its partition changed hands; schedule it again");
    }
    if (ownership.holds(id) && !c.added().get(0).dueAt().isAfter(clock.instant())) {
      // The instance starts here at once: it needs no load of what this commit just wrote.
      // Only a new cache entry: an existing one may have a thread that reads the row later.
      Instance fresh = new Instance(id, this);
      if (instances.putIfAbsent(id, fresh) == null) {
        fresh.seed(new StoredInstance(c.record(), List.of()));
      }
    }
    committed(c);
    return id;
  }

  /** The commit that starts an instance, over a finished one with the same id if {@code old}. */
  private Commit startCommit(
      String name,
      WorkflowDefinition<Object, Object> def,
      String id,
      byte[] data,
      ScheduleOptions o,
      InstanceRecord old) {
    Instant now = clock.instant();
    long generation = old == null ? 1 : old.generation() + 1;
    InstanceRecord r =
        new InstanceRecord(
            id,
            name,
            def.versionName(),
            WorkflowStatus.PENDING,
            now,
            now,
            data,
            null,
            null,
            null,
            null,
            null,
            generation,
            old == null ? 1 : old.version() + 1);
    HistoryEvent es =
        new HistoryEvent(
            EventType.EXECUTION_STARTED,
            now,
            -1,
            name,
            data,
            null,
            null,
            -1,
            0,
            null,
            def.versionName() == null ? null : List.of(def.versionName()),
            telemetry.callerTraceParent());
    WorkItem start =
        new WorkItem(
            id,
            "start-" + generation,
            WorkItem.Kind.MESSAGE,
            o.startTime() == null ? now : o.startTime(),
            0,
            0,
            es);
    return new Commit(
        id,
        old == null ? 0 : old.version(),
        ownership.epochOf(id),
        r,
        true,
        List.of(),
        true,
        List.of(start),
        List.of(),
        !ownership.holds(id));
  }

  @Override
  public <I> String schedule(
      Class<? extends Workflow<I, ?>> workflow, I input, ScheduleOptions options) {
    String name = workflowClasses.get(workflow);
    if (name == null) {
      throw new WorkflowNotRegisteredException(
          "workflows schedule: no workflow of class "
              + workflow.getName()
              + " is registered; register it with Plumb.Builder#workflow");
    }
    return schedule(name, input, options);
  }

  @Override
  public Optional<WorkflowState> get(String instanceId) {
    InstanceRecord r = read(instanceId);
    return r == null ? Optional.empty() : Optional.of(new StateView(r, codec));
  }

  private WorkflowState waitFor(
      String instanceId, Duration timeout, Predicate<WorkflowStatus> done, String what)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Watch watch =
        watchers.compute(
            instanceId,
            (k, w) -> {
              Watch x = w == null ? new Watch() : w;
              x.waiters++;
              return x;
            });
    try {
      InstanceRecord r = null;
      while (true) {
        // Registered before looking, so a commit between the look and the wait still wakes it.
        CompletableFuture<Void> changed = watch.next(done);
        InstanceRecord local = ownership.holds(instanceId) ? localRecord(instanceId, watch) : null;
        if (local != null && (r == null || local.version() > r.version())) {
          r = local;
        } else {
          r = existing(instanceId, what);
        }
        if (done.test(r.status())) {
          watch.forget(changed);
          return new StateView(r, codec);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || phase == Phase.CLOSED) {
          watch.forget(changed);
          throw new TimeoutException(
              "workflow instance '"
                  + instanceId
                  + "' is still "
                  + r.status()
                  + " after "
                  + timeout);
        }
        if (!ownership.holds(instanceId)) {
          // Another engine runs it: its commits wake nobody here, so look again now and then.
          left = Math.min(left, pollInterval.toNanos());
        }
        try {
          changed.get(left, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
          throw new IllegalStateException(e);
        } catch (TimeoutException e) {
          // loop: read the store once more, then give up
          watch.forget(changed);
        }
      }
    } finally {
      watchers.compute(instanceId, (k, w) -> --w.waiters == 0 ? null : w);
    }
  }

  /**
   * The newest row of an instance this engine owns that its own commits wrote, if it knows one: a
   * waiter's wake-up carries it, and a cached instance keeps it. Every commit that changes the row
   * of an owned instance goes through this engine, so it is the stored row.
   */
  private InstanceRecord localRecord(String instanceId, Watch watch) {
    Instance i = instances.get(instanceId);
    return Instance.newest(watch.latest(), i == null ? null : i.latest());
  }

  @Override
  public WorkflowState waitForStart(String instanceId, Duration timeout)
      throws TimeoutException, InterruptedException {
    return waitFor(instanceId, timeout, s -> s != WorkflowStatus.PENDING, "waitForStart");
  }

  @Override
  public WorkflowState waitForCompletion(String instanceId, Duration timeout)
      throws TimeoutException, InterruptedException {
    return waitFor(instanceId, timeout, WorkflowStatus::isTerminal, "waitForCompletion");
  }

  private void send(String instanceId, String operation, HistoryEvent e) {
    checkOpen();
    WorkItem m =
        new WorkItem(
            instanceId,
            operation + "-" + UUID.randomUUID(),
            WorkItem.Kind.MESSAGE,
            clock.instant(),
            0,
            0,
            e);
    Commit c =
        new Commit(
            null, 0, 0, null, false, List.of(), false, List.of(m), List.of(), signals(List.of(m)));
    if (commit(c) != Commit.Result.OK) {
      throw new WorkflowStoreException(
          "workflows " + operation + ": the workflow store refused a message to an instance");
    }
    committed(c);
  }

  private InstanceRecord unfinished(String instanceId, String operation) {
    InstanceRecord r = existing(instanceId, operation);
    if (r.status().isTerminal()) {
      throw new WorkflowStateException(
          "workflows "
              + operation
              + ": instance '"
              + instanceId
              + "' is "
              + r.status()
              + "; only an unfinished instance accepts it");
    }
    return r;
  }

  @Override
  public void raiseEvent(String instanceId, String eventName, Object payload) {
    if (eventName == null || eventName.isEmpty()) {
      throw new IllegalArgumentException(
          "workflows raiseEvent: the event name is empty (ERR_WORKFLOW_EVENT_NAME_MISSING)");
    }
    unfinished(instanceId, "raiseEvent");
    byte[] data = codec.encode(payload, "payload of event '" + eventName + "'");
    send(
        instanceId,
        "event",
        HistoryEvent.of(EventType.EVENT_RAISED, clock.instant(), -1, eventName).withData(data));
  }

  @Override
  public void suspend(String instanceId, String reason) {
    unfinished(instanceId, "suspend");
    send(
        instanceId,
        "suspend",
        HistoryEvent.of(EventType.EXECUTION_SUSPENDED, clock.instant(), -1, reason));
  }

  @Override
  public void resume(String instanceId, String reason) {
    unfinished(instanceId, "resume");
    send(
        instanceId,
        "resume",
        HistoryEvent.of(EventType.EXECUTION_RESUMED, clock.instant(), -1, reason));
  }

  @Override
  public void terminate(String instanceId, Object output) {
    InstanceRecord r = existing(instanceId, "terminate");
    if (r.status().isTerminal()) {
      return;
    }
    byte[] data = codec.encode(output, "output of terminate");
    send(
        instanceId,
        "terminate",
        HistoryEvent.of(EventType.EXECUTION_TERMINATED, clock.instant(), -1, null).withData(data));
  }

  @Override
  public boolean purge(String instanceId) {
    checkOpen();
    if (instanceId == null || instanceId.isEmpty()) {
      throw new InvalidInstanceIdException(
          "workflows purge: the instance id is empty (ERR_INSTANCE_ID_INVALID)");
    }
    InstanceRecord r = read(instanceId);
    if (r == null) {
      return false;
    }
    if (!r.status().isTerminal()) {
      throw new WorkflowStateException(
          "workflows purge: instance '"
              + instanceId
              + "' is "
              + r.status()
              + "; only COMPLETED, FAILED or TERMINATED instances can be purged");
    }
    try {
      for (String child : store.children(instanceId)) {
        InstanceRecord c = store.get(child);
        if (c != null && c.status().isTerminal()) {
          purge(child);
        }
      }
      boolean deleted = store.purge(instanceId, ownership.epochOf(instanceId));
      Instance i = instances.get(instanceId);
      if (i != null) {
        i.forgetRow();
      }
      wrote(instanceId, null);
      return deleted;
    } catch (Exception e) {
      throw new WorkflowStoreException(
          "workflow store: purge of instance '" + instanceId + "' failed: " + e, e);
    }
  }

  @Override
  public List<HistoryEvent> history(String instanceId) {
    existing(instanceId, "history");
    StoredInstance s = load(instanceId);
    if (s == null) {
      throw new WorkflowNotFoundException(
          "workflows history: no workflow instance has the id '"
              + instanceId
              + "' (ERR_INSTANCE_ID_NOT_FOUND)");
    }
    return s.history();
  }

  @Override
  public String rerun(
      String sourceInstanceId, int eventId, dev.plumb.api.workflow.RerunOptions options) {
    checkOpen();
    return Rerun.rerun(this, sourceInstanceId, eventId, options);
  }

  @Override
  public WorkflowPage list(WorkflowQuery query) {
    try {
      WorkflowStore.InstancePage p = store.list(query);
      return new WorkflowPage(
          p.records().stream()
              .map(r -> (WorkflowState) new StateView(r, codec))
              .collect(Collectors.toList()),
          p.continuationToken());
    } catch (Exception e) {
      throw new WorkflowStoreException("workflow store: list failed: " + e, e);
    }
  }
}
