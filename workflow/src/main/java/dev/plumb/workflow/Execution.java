package dev.plumb.workflow;

import dev.plumb.api.workflow.ActivityDefinition;
import dev.plumb.api.workflow.FailureDetails;
import dev.plumb.api.workflow.RetryPolicy;
import dev.plumb.api.workflow.Task;
import dev.plumb.api.workflow.TaskCanceledException;
import dev.plumb.api.workflow.TaskFailedException;
import dev.plumb.api.workflow.TaskOptions;
import dev.plumb.api.workflow.WorkflowContext;
import dev.plumb.api.workflow.WorkflowDefinition;
import dev.plumb.api.workflow.WorkflowNotRegisteredException;
import dev.plumb.api.workflow.WorkflowSerializationException;
import dev.plumb.api.workflow.WorkflowStatus;
import dev.plumb.api.workflow.WorkflowStoreException;
import dev.plumb.api.workflow.spi.Commit;
import dev.plumb.api.workflow.spi.EventType;
import dev.plumb.api.workflow.spi.HistoryEvent;
import dev.plumb.api.workflow.spi.InstanceRecord;
import dev.plumb.api.workflow.spi.StoredInstance;
import dev.plumb.api.workflow.spi.WorkItem;
import dev.plumb.api.workflow.spi.WorkKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance's code running on its own thread: replays the committed history, then consumes its
 * instance's inbound events one at a time, letting the code run between them exactly as during a
 * replay, and commits a step whenever the code waits with nothing left to consume. Everything here
 * runs on that one thread; {@link Instance} is the only part other threads touch.
 */
final class Execution implements WorkflowContext {
  private static final Logger LOG = LoggerFactory.getLogger(Execution.class);
  private static final int HISTORY_WARNING = 10_000;
  private static final UUID NAMESPACE = UUID.fromString("9e952958-5e33-4daf-827f-2fa12937b875");

  /** What an open task waits for. */
  private enum Kind {
    ACTIVITY,
    CHILD,
    TIMER
  }

  /** A task scheduled and not yet completed. */
  private record Open(Kind kind, BaseTask<Object> task, Type type, String name, String childId) {
    boolean accepts(EventType t) {
      switch (kind) {
        case ACTIVITY:
          return t == EventType.TASK_COMPLETED || t == EventType.TASK_FAILED;
        case CHILD:
          return t == EventType.CHILD_WORKFLOW_COMPLETED || t == EventType.CHILD_WORKFLOW_FAILED;
        default:
          return t == EventType.TIMER_FIRED;
      }
    }
  }

  /** An action the code took while replaying, until history confirms it. */
  private record Action(HistoryEvent recorded, WorkItem work) {}

  /** A wait for an external event. */
  private record EventWait(BaseTask<Object> task, Type type, String name) {}

  /** What the current step will commit. */
  private static final class Step {
    final Instant startedAt;
    final long openedNanos = System.nanoTime();
    final List<String> patches = new ArrayList<>();
    final List<HistoryEvent> events = new ArrayList<>();
    final List<WorkItem> added = new ArrayList<>();
    final List<WorkKey> removed = new ArrayList<>();
    final List<Inbound> consumed = new ArrayList<>();
    boolean resetHistory;
    boolean clearTasks;
    boolean startsRun;

    Step(Instant startedAt) {
      this.startedAt = startedAt;
    }
  }

  private final WorkflowEngine engine;
  private final Instance instance;
  private final String instanceId;
  private final Thread thread = Thread.currentThread();
  private final ReplaySafeLogger logger;

  private InstanceRecord record;
  private List<HistoryEvent> history = List.of();
  private int cursor;
  private boolean replaying;

  private WorkflowDefinition<Object, Object> def;
  private String workflowName;
  private String versionName;
  private long generation = 1;
  private boolean started;
  private byte[] input;
  private Object inputValue;
  private String parentId;
  private int parentTaskId = -1;
  private long parentGeneration;
  private Instant now;
  private int nextTaskId;
  private int historyLength;
  private final Map<Integer, Open> open = new HashMap<>();
  private final Map<Integer, Action> pending = new LinkedHashMap<>();
  private final List<HistoryEvent> buffered = new ArrayList<>();
  private final Map<String, ArrayDeque<EventWait>> waiters = new HashMap<>();
  private final Set<String> knownPatches = new HashSet<>();
  private final Set<String> children = new LinkedHashSet<>();
  private int uuidCounter;
  private byte[] customStatus;
  private boolean suspended;
  private final List<Inbound> held = new ArrayList<>();
  private byte[] canInput;
  private boolean canPreserve;
  private byte[] terminateOutput;
  private Step step;

  Execution(WorkflowEngine engine, Instance instance) {
    this.engine = engine;
    this.instance = instance;
    this.instanceId = instance.id();
    this.logger = new ReplaySafeLogger(instance.id(), () -> replaying);
  }

  // ---- the thread's life ----

  /** Runs the instance until it finishes, stalls, is terminated or evicted. */
  void main() {
    try {
      StoredInstance stored = instance.takeSeed();
      if (stored == null) {
        stored = engine.loadToRun(instanceId);
      }
      if (stored != null) {
        record = stored.record();
        history = stored.history();
        generation = record.generation();
        customStatus = record.customStatus();
        versionName = record.versionName();
        workflowName = record.name();
        input = record.input();
        parentId = record.parentInstanceId();
        if (record.status().isTerminal() || record.status() == WorkflowStatus.STALLED) {
          dropAll();
          return;
        }
      }
      now = stored == null ? engine.now() : record.updatedAt();
      run();
    } catch (Signal s) {
      unwound(s);
    } catch (WorkflowStoreException e) {
      LOG.warn("workflow instance '{}': {}; it resumes from its history later", instanceId, e);
      requeueAndBackOff();
    }
  }

  private void run() {
    while (true) {
      while (!started) {
        pumpOnce();
      }
      Object out;
      try {
        out = def.workflow().run(this, inputValue);
      } catch (Signal s) {
        if (s.kind == Signal.Kind.CONTINUE_AS_NEW) {
          continueAsNew();
          continue;
        }
        throw s;
      } catch (Throwable t) {
        finish(WorkflowStatus.FAILED, null, failureOf(t));
        return;
      }
      byte[] output;
      try {
        output = engine.codec().encode(out, "output of workflow '" + workflowName + "'");
      } catch (WorkflowSerializationException e) {
        finish(WorkflowStatus.FAILED, null, failureOf(e));
        return;
      }
      finish(WorkflowStatus.COMPLETED, output, null);
      return;
    }
  }

  private void unwound(Signal s) {
    switch (s.kind) {
      case EVICTED:
        instance.requeue(held);
        return;
      case TERMINATED:
        terminated();
        return;
      case STALLED:
        stalled(s.getMessage());
        return;
      default:
        throw new IllegalStateException("unexpected " + s.kind);
    }
  }

  private void requeueAndBackOff() {
    List<Inbound> back = new ArrayList<>();
    if (step != null) {
      back.addAll(step.consumed);
    }
    back.addAll(held);
    instance.requeue(back);
    instance.backOff();
  }

  /**
   * The instance is finished or stalled: consumes what arrived, deleting the durable ones. A
   * stalled instance keeps its events for a fixed deployment, except a terminate, which ends it.
   */
  private void dropAll() {
    Inbound m;
    List<WorkKey> keys = new ArrayList<>();
    boolean stalled = record.status() == WorkflowStatus.STALLED;
    while ((m = instance.poll()) != null) {
      if (stalled && m.event().type() == EventType.EXECUTION_TERMINATED) {
        step = new Step(engine.now());
        step.clearTasks = true;
        consumed(m);
        terminateOutput = m.event().data();
        now = step.startedAt;
        commitStep(WorkflowStatus.TERMINATED, terminateOutput, null, null);
        return;
      }
      if (m.key() != null && !stalled) {
        keys.add(m.key());
      }
    }
    if (!keys.isEmpty()) {
      Commit c = new Commit(null, 0, 0, null, false, List.of(), false, List.of(), keys, false);
      if (engine.commit(c) == Commit.Result.OK) {
        engine.committed(c);
      }
    }
  }

  // ---- consuming history and inbound events ----

  void checkThread() {
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException(
          "a workflow task may only be awaited on its workflow's thread (instance '"
              + instanceId
              + "')");
    }
  }

  /** Consumes one event: the next of the history, else the next inbound one (committing first). */
  void pumpOnce() {
    if (cursor < history.size()) {
      replaying = true;
      applyRecorded(history.get(cursor++));
      return;
    }
    endReplay();
    Inbound m = instance.poll();
    if (m == null) {
      commitStep();
      m = instance.take();
    }
    openStep();
    step.consumed.add(m);
    applyInbound(m);
  }

  private void endReplay() {
    if (replaying && cursor >= history.size()) {
      replaying = false;
      history = List.of();
      cursor = 0;
      if (!pending.isEmpty()) {
        openStep();
        for (Action a : pending.values()) {
          step.events.add(a.recorded());
          if (a.work() != null) {
            step.added.add(a.work());
          }
        }
        pending.clear();
      }
    }
  }

  private void openStep() {
    if (step == null) {
      Instant t = engine.now();
      now = now == null || t.isAfter(now) ? t : now;
      step = new Step(now);
    }
  }

  private void applyRecorded(HistoryEvent e) {
    historyLength++;
    switch (e.type()) {
      case WORKFLOW_STARTED:
        now = e.timestamp();
        knownPatches.addAll(e.patches());
        break;
      case EXECUTION_STARTED:
        startRun(e);
        engine
            .telemetry()
            .replayed(instanceId, workflowName, versionName, parentId, generation, e.traceParent());
        break;
      case TASK_SCHEDULED:
      case TIMER_CREATED:
      case CHILD_WORKFLOW_CREATED:
        match(e);
        break;
      case TASK_COMPLETED:
      case TASK_FAILED:
      case TIMER_FIRED:
      case CHILD_WORKFLOW_COMPLETED:
      case CHILD_WORKFLOW_FAILED:
        {
          Open o = open.remove(e.taskId());
          if (o == null || !o.accepts(e.type())) {
            throw stall(
                "history has "
                    + e.type()
                    + " for task #"
                    + e.taskId()
                    + " but the code did not schedule such a task");
          }
          completeOpen(o, e);
          break;
        }
      case EVENT_RAISED:
        deliverEvent(e);
        break;
      case EXECUTION_SUSPENDED:
        suspended = true;
        break;
      case EXECUTION_RESUMED:
        suspended = false;
        break;
      default:
        throw stall("history has " + e.type() + " where the code is still running");
    }
  }

  private void match(HistoryEvent e) {
    Action a = pending.remove(e.taskId());
    if (a == null) {
      throw stall(
          "history has "
              + e.type()
              + " '"
              + e.name()
              + "' as task #"
              + e.taskId()
              + " but the code did not schedule it (non-deterministic code?)");
    }
    HistoryEvent r = a.recorded();
    if (r.type() != e.type() || !Objects.equals(r.name(), e.name())) {
      throw stall(
          "history has "
              + e.type()
              + " '"
              + e.name()
              + "' as task #"
              + e.taskId()
              + " but the code now does "
              + r.type()
              + " '"
              + r.name()
              + "' (non-deterministic code?)");
    }
  }

  private void applyInbound(Inbound m) {
    HistoryEvent e = m.event();
    if (m.generation() != 0 && m.generation() != generation) {
      drop(m);
      return;
    }
    switch (e.type()) {
      case EXECUTION_STARTED:
        if (started || record != null && record.status() != WorkflowStatus.PENDING) {
          drop(m);
          return;
        }
        consumed(m);
        HistoryEvent es = retime(e);
        step.events.add(es);
        startRun(es);
        step.startsRun = true;
        engine
            .telemetry()
            .replayed(
                instanceId, workflowName, versionName, parentId, generation, es.traceParent());
        List<Inbound> early = new ArrayList<>(held);
        held.clear();
        early.forEach(this::applyInbound);
        return;
      case EXECUTION_TERMINATED:
        if (record == null && !started) {
          drop(m);
          return;
        }
        consumed(m);
        step.events.add(retime(e));
        terminateOutput = e.data();
        throw new Signal(Signal.Kind.TERMINATED, "terminated");
      case EXECUTION_SUSPENDED:
        if (suspended || record == null && !started) {
          drop(m);
          return;
        }
        consumed(m);
        step.events.add(retime(e));
        suspended = true;
        return;
      case EXECUTION_RESUMED:
        if (!suspended) {
          drop(m);
          return;
        }
        consumed(m);
        step.events.add(retime(e));
        suspended = false;
        List<Inbound> waiting = new ArrayList<>(held);
        held.clear();
        waiting.forEach(this::applyInbound);
        return;
      default:
        break;
    }
    if (suspended || !started) {
      if (record == null && !started) {
        drop(m);
      } else {
        step.consumed.remove(m);
        held.add(m);
      }
      return;
    }
    switch (e.type()) {
      case TASK_COMPLETED:
      case TASK_FAILED:
      case TIMER_FIRED:
      case CHILD_WORKFLOW_COMPLETED:
      case CHILD_WORKFLOW_FAILED:
        {
          Open o = open.get(e.taskId());
          if (o == null || !o.accepts(e.type())) {
            drop(m); // a duplicate or a result for an earlier run: Dapr's dedup
            return;
          }
          open.remove(e.taskId());
          consumed(m);
          HistoryEvent r = retime(e);
          step.events.add(r);
          completeOpen(o, r);
          return;
        }
      case EVENT_RAISED:
        consumed(m);
        HistoryEvent r = retime(e);
        step.events.add(r);
        deliverEvent(r);
        return;
      default:
        drop(m);
    }
  }

  private HistoryEvent retime(HistoryEvent e) {
    historyLength++;
    if (historyLength == HISTORY_WARNING) {
      LOG.warn(
          "workflow instance '{}' has {} history events; use continueAsNew to bound it",
          instanceId,
          HISTORY_WARNING);
    }
    return new HistoryEvent(
        e.type(),
        now,
        e.taskId(),
        e.name(),
        e.data(),
        e.fireAt(),
        e.instanceId(),
        e.relatedId(),
        generation,
        e.failure(),
        e.patches(),
        e.traceParent());
  }

  private void consumed(Inbound m) {
    if (m.key() != null) {
      step.removed.add(m.key());
    }
  }

  private void drop(Inbound m) {
    consumed(m);
  }

  // The W3C traceparent the run's EXECUTION_STARTED carries: a continue-as-new keeps it.
  private String traceParent;

  private void startRun(HistoryEvent es) {
    traceParent = es.traceParent();
    String version = es.patches().isEmpty() ? null : es.patches().get(0);
    WorkflowDefinition<Object, Object> d = engine.workflow(es.name(), version);
    workflowName = es.name();
    versionName = version;
    if (d == null) {
      throw stall(
          "VERSION_NOT_AVAILABLE: workflow '"
              + es.name()
              + "'"
              + (version == null ? "" : " version '" + version + "'")
              + " is not registered");
    }
    def = d;
    versionName = d.versionName();
    input = es.data();
    parentId = es.instanceId();
    parentTaskId = es.relatedId();
    parentGeneration = es.generation();
    started = true;
    try {
      inputValue =
          engine.codec().decode(input, d.inputType(), "input of workflow '" + es.name() + "'");
    } catch (WorkflowSerializationException e) {
      inputValue = null;
      badInput = e;
    }
  }

  private WorkflowSerializationException badInput;

  private void completeOpen(Open o, HistoryEvent e) {
    if (o.kind() == Kind.CHILD) {
      children.remove(o.childId());
    }
    switch (e.type()) {
      case TASK_COMPLETED:
      case CHILD_WORKFLOW_COMPLETED:
        Object value;
        try {
          value = engine.codec().decode(e.data(), o.type(), "result of '" + o.name() + "'");
        } catch (WorkflowSerializationException x) {
          o.task().fail(x);
          return;
        }
        o.task().complete(value);
        return;
      case TASK_FAILED:
      case CHILD_WORKFLOW_FAILED:
        o.task().fail(new TaskFailedException(o.name(), e.taskId(), e.failure()));
        return;
      default:
        o.task().complete(null);
    }
  }

  private void deliverEvent(HistoryEvent e) {
    ArrayDeque<EventWait> q = waiters.get(key(e.name()));
    while (q != null && !q.isEmpty()) {
      EventWait w = q.poll();
      if (!w.task().isDone()) {
        completeEvent(w, e);
        return;
      }
    }
    buffered.add(e);
  }

  private void completeEvent(EventWait w, HistoryEvent e) {
    try {
      w.task()
          .complete(
              engine.codec().decode(e.data(), w.type(), "payload of event '" + w.name() + "'"));
    } catch (WorkflowSerializationException x) {
      w.task().fail(x);
    }
  }

  private static String key(String eventName) {
    return eventName.toLowerCase(Locale.ROOT);
  }

  // ---- actions ----

  private void emit(HistoryEvent recorded, WorkItem work) {
    if (replaying) {
      pending.put(recorded.taskId(), new Action(recorded, work));
    } else {
      openStep();
      historyLength++;
      step.events.add(recorded);
      if (work != null) {
        step.added.add(work);
      }
    }
  }

  private void checkRunning() {
    checkThread();
    if (!started) {
      throw new IllegalStateException("the workflow has not started");
    }
  }

  @Override
  public <V> Task<V> callActivity(String name, Object in, TaskOptions options, Type resultType) {
    checkRunning();
    Objects.requireNonNull(name, "name");
    ActivityDefinition<?, ?> a = engine.activity(name);
    if (a == null) {
      throw new WorkflowNotRegisteredException(
          "callActivity: no activity named '"
              + name
              + "' is registered (workflow '"
              + workflowName
              + "', instance '"
              + instanceId
              + "'); register it with Plumb.Builder#activity");
    }
    byte[] data = engine.codec().encode(in, "input of activity '" + name + "'");
    int[] first = {-1};
    IntFunction<BaseTask<Object>> attempt =
        n -> {
          int id = nextTaskId++;
          if (first[0] < 0) {
            first[0] = id;
          }
          HistoryEvent ev =
              new HistoryEvent(
                  EventType.TASK_SCHEDULED,
                  now,
                  id,
                  name,
                  data,
                  null,
                  null,
                  first[0],
                  generation,
                  null,
                  null);
          // The work item carries the run's span, so an activity run after a restart, before
          // its workflow replays, still joins the workflow's trace.
          String tp = engine.telemetry().traceParentOf(instanceId);
          WorkItem w =
              new WorkItem(
                  instanceId,
                  "a" + generation + "-" + id,
                  WorkItem.Kind.ACTIVITY,
                  now,
                  generation,
                  n,
                  tp == null ? ev : ev.withTraceParent(tp));
          BaseTask<Object> t = new BaseTask<>(this);
          open.put(id, new Open(Kind.ACTIVITY, t, resultType, name, null));
          emit(ev, w);
          return t;
        };
    return typed(withRetries(options, name, attempt));
  }

  @Override
  public <V> Task<V> callChildWorkflow(
      String name, Object in, String childInstanceId, TaskOptions options, Class<V> resultType) {
    checkRunning();
    Objects.requireNonNull(name, "name");
    if (engine.workflow(name, null) == null) {
      throw new WorkflowNotRegisteredException(
          "callChildWorkflow: no workflow named '"
              + name
              + "' is registered (instance '"
              + instanceId
              + "'); register it with Plumb.Builder#workflow");
    }
    if (childInstanceId != null) {
      WorkflowEngine.checkInstanceId(childInstanceId, "callChildWorkflow");
    }
    byte[] data = engine.codec().encode(in, "input of child workflow '" + name + "'");
    IntFunction<BaseTask<Object>> attempt =
        n -> {
          int id = nextTaskId++;
          String cid =
              childInstanceId != null ? childInstanceId : instanceId + "-" + generation + "-" + id;
          HistoryEvent ev =
              new HistoryEvent(
                  EventType.CHILD_WORKFLOW_CREATED,
                  now,
                  id,
                  name,
                  data,
                  null,
                  cid,
                  -1,
                  generation,
                  null,
                  null);
          HistoryEvent es =
              new HistoryEvent(
                  EventType.EXECUTION_STARTED,
                  now,
                  -1,
                  name,
                  data,
                  null,
                  instanceId,
                  id,
                  generation,
                  null,
                  null,
                  engine.telemetry().traceParentOf(instanceId));
          WorkItem w =
              new WorkItem(
                  cid,
                  "start-" + instanceId + "-" + generation + "-" + id,
                  WorkItem.Kind.MESSAGE,
                  now,
                  0,
                  0,
                  es);
          BaseTask<Object> t = new BaseTask<>(this);
          open.put(id, new Open(Kind.CHILD, t, resultType, name, cid));
          children.add(cid);
          emit(ev, w);
          return t;
        };
    return typed(withRetries(options, name, attempt));
  }

  @SuppressWarnings("unchecked")
  private static <V> Task<V> typed(BaseTask<Object> t) {
    return (Task<V>) (Task<?>) t;
  }

  /** Runs attempts until one succeeds or the policy gives up, waiting on durable timers. */
  private BaseTask<Object> withRetries(
      TaskOptions options, String name, IntFunction<BaseTask<Object>> attempt) {
    RetryPolicy policy = options == null ? null : options.retryPolicy();
    if (policy == null) {
      return attempt.apply(1);
    }
    BaseTask<Object> outer = new BaseTask<>(this);
    Instant firstAt = now;
    new Object() {
      void start(int n) {
        BaseTask<Object> inner = attempt.apply(n);
        inner.onDone(
            () -> {
              if (inner.failure() == null) {
                outer.complete(inner.value());
                return;
              }
              Duration delay = policy.delayAfter(n, Duration.between(firstAt, now));
              if (delay == null) {
                outer.fail(inner.failure());
                return;
              }
              timer(now.plus(delay), "retry:" + name).onDone(() -> start(n + 1));
            });
      }
    }.start(1);
    return outer;
  }

  private BaseTask<Object> timer(Instant fireAt, String origin) {
    int id = nextTaskId++;
    HistoryEvent ev =
        new HistoryEvent(
            EventType.TIMER_CREATED,
            now,
            id,
            origin,
            null,
            fireAt,
            null,
            -1,
            generation,
            null,
            null);
    HistoryEvent fired =
        new HistoryEvent(
            EventType.TIMER_FIRED,
            fireAt,
            id,
            origin,
            null,
            fireAt,
            null,
            -1,
            generation,
            null,
            null);
    WorkItem w =
        new WorkItem(
            instanceId,
            "t" + generation + "-" + id,
            WorkItem.Kind.TIMER,
            fireAt,
            generation,
            0,
            fired);
    BaseTask<Object> t = new BaseTask<>(this);
    open.put(id, new Open(Kind.TIMER, t, Void.class, origin, null));
    emit(ev, w);
    return t;
  }

  @Override
  public Task<Void> createTimer(Duration delay) {
    checkRunning();
    return createTimer(now.plus(Objects.requireNonNull(delay, "delay")));
  }

  @Override
  public Task<Void> createTimer(Instant fireAt) {
    checkRunning();
    return typed(timer(Objects.requireNonNull(fireAt, "fireAt"), "createTimer"));
  }

  @Override
  public <V> Task<V> waitForExternalEvent(String name, Duration timeout, Class<V> type) {
    checkRunning();
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("waitForExternalEvent: the event name is empty");
    }
    BaseTask<Object> t = new BaseTask<>(this);
    EventWait w = new EventWait(t, type, name);
    for (Iterator<HistoryEvent> it = buffered.iterator(); it.hasNext(); ) {
      HistoryEvent e = it.next();
      if (key(e.name()).equals(key(name))) {
        it.remove();
        completeEvent(w, e);
        return typed(t);
      }
    }
    waiters.computeIfAbsent(key(name), k -> new ArrayDeque<>()).add(w);
    if (timeout != null) {
      BaseTask<Object> timer = timer(now.plus(timeout), "externalEvent:" + name);
      int timerId = nextTaskId - 1;
      timer.onDone(() -> t.cancel(new TaskCanceledException(name, timerId)));
    }
    return typed(t);
  }

  @Override
  public <V> Task<List<V>> allOf(List<Task<V>> tasks) {
    checkRunning();
    return BaseTask.allOf(this, tasks);
  }

  @Override
  public Task<Task<?>> anyOf(List<Task<?>> tasks) {
    checkRunning();
    return BaseTask.anyOf(this, tasks);
  }

  <V> BaseTask<V> own(Task<V> t) {
    if (!(t instanceof BaseTask)) {
      throw new IllegalArgumentException(
          "allOf/anyOf take only tasks of this workflow's context, got " + t);
    }
    return (BaseTask<V>) t;
  }

  @Override
  public void continueAsNew(Object newInput, boolean preserveUnprocessedEvents) {
    checkRunning();
    canInput = engine.codec().encode(newInput, "input of workflow '" + workflowName + "'");
    canPreserve = preserveUnprocessedEvents;
    throw new Signal(Signal.Kind.CONTINUE_AS_NEW, "continue as new");
  }

  private void continueAsNew() {
    if (cursor < history.size()) {
      throw stall("the code continued as new but history has more events");
    }
    endReplay();
    openStep();
    List<HistoryEvent> carry = canPreserve ? new ArrayList<>(buffered) : List.of();
    step.events.clear();
    step.added.clear();
    step.patches.clear();
    step.resetHistory = true;
    step.clearTasks = true;
    generation++;
    open.clear();
    pending.clear();
    buffered.clear();
    waiters.clear();
    knownPatches.clear();
    nextTaskId = 0;
    uuidCounter = 0;
    historyLength = 0;
    started = false;
    HistoryEvent es =
        new HistoryEvent(
            EventType.EXECUTION_STARTED,
            now,
            -1,
            workflowName,
            canInput,
            null,
            parentId,
            parentTaskId,
            parentGeneration,
            null,
            versionName == null ? null : List.of(versionName),
            traceParent);
    step.events.add(es);
    startRun(es);
    engine.telemetry().continuedAsNew(instanceId, workflowName, versionName, generation);
    for (HistoryEvent e : carry) {
      HistoryEvent r = retime(e);
      step.events.add(r);
      deliverEvent(r);
    }
  }

  // ---- the rest of the context ----

  @Override
  public String getName() {
    return workflowName;
  }

  @Override
  public String getInstanceId() {
    return instanceId;
  }

  @Override
  public Instant getCurrentInstant() {
    return now;
  }

  @Override
  public boolean isReplaying() {
    return replaying;
  }

  @Override
  public System.Logger getLogger() {
    return logger;
  }

  @Override
  public void setCustomStatus(Object status) {
    checkRunning();
    customStatus = engine.codec().encode(status, "custom status of '" + instanceId + "'");
  }

  @Override
  public UUID newUuid() {
    checkRunning();
    String name = instanceId + "_" + now + "_" + uuidCounter++;
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(toBytes(NAMESPACE));
      byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
      h[6] = (byte) ((h[6] & 0x0f) | 0x50); // version 5
      h[8] = (byte) ((h[8] & 0x3f) | 0x80); // IETF variant
      long msb = 0;
      long lsb = 0;
      for (int i = 0; i < 8; i++) {
        msb = (msb << 8) | (h[i] & 0xff);
        lsb = (lsb << 8) | (h[i + 8] & 0xff);
      }
      return new UUID(msb, lsb);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }

  private static byte[] toBytes(UUID u) {
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (u.getMostSignificantBits() >>> (56 - 8 * i));
      b[i + 8] = (byte) (u.getLeastSignificantBits() >>> (56 - 8 * i));
    }
    return b;
  }

  @Override
  public boolean isPatched(String patchName) {
    checkRunning();
    if (knownPatches.contains(patchName)) {
      return true;
    }
    if (replaying) {
      return false;
    }
    knownPatches.add(patchName);
    openStep();
    step.patches.add(patchName);
    return true;
  }

  // ---- ending ----

  private Signal stall(String reason) {
    return new Signal(Signal.Kind.STALLED, reason);
  }

  private void finish(WorkflowStatus status, byte[] output, FailureDetails failure) {
    if (badInput != null && status == WorkflowStatus.COMPLETED) {
      failure = failureOf(badInput);
      status = WorkflowStatus.FAILED;
      output = null;
    }
    if (cursor < history.size()) {
      stalled(
          "the code finished ("
              + status
              + ") but history has more events, the next "
              + history.get(cursor).type());
      return;
    }
    endReplay();
    openStep();
    step.events.add(
        new HistoryEvent(
            EventType.EXECUTION_COMPLETED,
            now,
            -1,
            status.name(),
            output,
            null,
            null,
            -1,
            generation,
            failure,
            null));
    step.clearTasks = true;
    notifyParent(status, output, failure);
    commitStep(status, output, failure, null);
  }

  private void terminated() {
    openStep();
    step.clearTasks = true;
    for (String child : children) {
      step.added.add(
          new WorkItem(
              child,
              "terminate-" + instanceId,
              WorkItem.Kind.MESSAGE,
              now,
              0,
              0,
              HistoryEvent.of(EventType.EXECUTION_TERMINATED, now, -1, "parent terminated")));
    }
    FailureDetails f =
        new FailureDetails(
            "dev.plumb.workflow.Terminated", "the child workflow was terminated", null);
    notifyParent(WorkflowStatus.TERMINATED, null, f);
    commitStep(WorkflowStatus.TERMINATED, terminateOutput, null, null);
  }

  private void stalled(String reason) {
    LOG.error("workflow instance '{}' stalled: {}", instanceId, reason);
    step = null;
    openStep();
    step.events.clear();
    commitStep(WorkflowStatus.STALLED, null, null, reason);
  }

  private void notifyParent(WorkflowStatus status, byte[] output, FailureDetails failure) {
    if (parentId == null) {
      return;
    }
    HistoryEvent e =
        status == WorkflowStatus.COMPLETED
            ? new HistoryEvent(
                EventType.CHILD_WORKFLOW_COMPLETED,
                now,
                parentTaskId,
                workflowName,
                output,
                null,
                instanceId,
                -1,
                parentGeneration,
                null,
                null)
            : new HistoryEvent(
                EventType.CHILD_WORKFLOW_FAILED,
                now,
                parentTaskId,
                workflowName,
                null,
                null,
                instanceId,
                -1,
                parentGeneration,
                failure,
                null);
    step.added.add(
        new WorkItem(
            parentId,
            "child-" + parentGeneration + "-" + parentTaskId,
            WorkItem.Kind.MESSAGE,
            now,
            parentGeneration,
            0,
            e));
  }

  static FailureDetails failureOf(Throwable t) {
    StringWriter sw = new StringWriter();
    t.printStackTrace(new PrintWriter(sw));
    return new FailureDetails(t.getClass().getName(), t.getMessage(), sw.toString());
  }

  // ---- committing ----

  private void commitStep() {
    commitStep(null, null, null, null);
  }

  private void commitStep(
      WorkflowStatus terminal, byte[] output, FailureDetails failure, String stalledReason) {
    if (step == null) {
      return;
    }
    Step s = step;
    List<HistoryEvent> events = new ArrayList<>(s.events.size() + 1);
    if (!s.events.isEmpty()) {
      events.add(
          new HistoryEvent(
              EventType.WORKFLOW_STARTED,
              s.startedAt,
              -1,
              null,
              null,
              null,
              null,
              -1,
              generation,
              null,
              s.patches));
      events.addAll(s.events);
    }
    InstanceRecord next = null;
    String id = null;
    long expected = 0;
    if (record != null || workflowName != null) {
      WorkflowStatus status =
          terminal != null
              ? terminal
              : !started
                  ? WorkflowStatus.PENDING
                  : suspended ? WorkflowStatus.SUSPENDED : WorkflowStatus.RUNNING;
      id = instanceId;
      expected = record == null ? 0 : record.version();
      next =
          new InstanceRecord(
              instanceId,
              workflowName,
              versionName,
              status,
              record == null ? s.startedAt : record.createdAt(),
              engine.now(),
              input,
              output,
              customStatus,
              failure,
              stalledReason,
              parentId,
              generation,
              expected + 1);
    }
    Commit c =
        new Commit(
            id,
            expected,
            engine.epochOf(instanceId),
            next,
            s.resetHistory,
            events,
            s.clearTasks,
            s.added,
            s.removed,
            engine.signals(s.added));
    Commit.Result r = engine.commit(c);
    if (r != Commit.Result.OK) {
      LOG.warn(
          "workflow instance '{}': the store refused a step ({}); another owner has it, so it"
              + " leaves this engine's cache",
          instanceId,
          r);
      step = null;
      throw new Signal(Signal.Kind.EVICTED, "refused: " + r);
    }
    step = null;
    if (next != null) {
      record = next;
    }
    if (s.startsRun) {
      engine.telemetry().started(workflowName);
    }
    engine.telemetry().committed(instanceId, workflowName, terminal, failure, s.openedNanos);
    engine.committed(c);
  }
}
