package dev.plumb.workflow;

import dev.plumb.api.workflow.FailureDetails;
import dev.plumb.api.workflow.WorkflowStatus;
import dev.plumb.api.workflow.spi.EventType;
import dev.plumb.api.workflow.spi.HistoryEvent;
import dev.plumb.api.workflow.spi.WorkItem;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The workflow engine's spans and metrics, through the OpenTelemetry API only.
 *
 * <p>Spans: {@code workflow <name>} per run, from its start to its completion, failure, termination
 * or stall (or the engine's close), a child of the span current when it was scheduled (a child
 * workflow's: of its parent's run); {@code activity <name>} per activity attempt, a child of its
 * run's span and current while the activity runs. One run keeps one span across evictions and
 * replays in this engine; a continue-as-new ends it and starts the next run's under the same
 * parent. The scheduling span's W3C {@code traceparent} is recorded with the run's start (and an
 * activity's work item carries its run's), so a run resumed by another engine or after a restart
 * gets a new span in the same trace. Attributes {@code dapr.workflow.*}; never inputs, outputs or
 * error messages.
 *
 * <p>Metrics: counters {@value #STARTED}, {@value #COMPLETED}, {@value #FAILED}, {@value
 * #TERMINATED}, {@value #STALLED} by {@code dapr.workflow.name}; histograms {@value #STEP_DURATION}
 * (from a step's first event to its commit) and {@value #ACTIVITY_DURATION}; gauge {@value
 * #BACKLOG} of activities waiting for a thread and timers armed.
 *
 * <p>With the no-op OpenTelemetry nothing is kept per instance and nothing is allocated per step or
 * activity: attribute sets are built once per name. Thread-safe.
 */
final class WorkflowTelemetry implements AutoCloseable {
  static final String SCOPE = "dev.plumb.workflow";
  static final String STARTED = "plumb.workflow.started";
  static final String COMPLETED = "plumb.workflow.completed";
  static final String FAILED = "plumb.workflow.failed";
  static final String TERMINATED = "plumb.workflow.terminated";
  static final String STALLED = "plumb.workflow.stalled";
  static final String STEP_DURATION = "plumb.workflow.step.duration";
  static final String ACTIVITY_DURATION = "plumb.workflow.activity.duration";
  static final String BACKLOG = "plumb.workflow.backlog";

  static final AttributeKey<String> WORKFLOW_NAME = AttributeKey.stringKey("dapr.workflow.name");
  static final AttributeKey<String> INSTANCE_ID =
      AttributeKey.stringKey("dapr.workflow.instance_id");
  static final AttributeKey<String> VERSION = AttributeKey.stringKey("dapr.workflow.version");
  static final AttributeKey<Long> GENERATION = AttributeKey.longKey("dapr.workflow.generation");
  static final AttributeKey<String> STATUS = AttributeKey.stringKey("dapr.workflow.status");
  static final AttributeKey<String> ACTIVITY_NAME =
      AttributeKey.stringKey("dapr.workflow.activity.name");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("dapr.workflow.activity.attempt");
  static final AttributeKey<Long> TASK_ID = AttributeKey.longKey("dapr.workflow.task_id");
  static final AttributeKey<String> WORK = AttributeKey.stringKey("dapr.workflow.work");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private static final String CONTINUED_AS_NEW = "CONTINUED_AS_NEW";
  private static final String COMPLETED_STATUS = WorkflowStatus.COMPLETED.name();
  private static final String FAILED_STATUS = WorkflowStatus.FAILED.name();
  private static final List<Double> STEP_BUCKETS =
      List.of(0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0);
  private static final List<Double> ACTIVITY_BUCKETS =
      List.of(0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 60.0, 300.0);
  private static final Attributes ACTIVITY_WORK = Attributes.of(WORK, "activity");
  private static final Attributes TIMER_WORK = Attributes.of(WORK, "timer");

  /** A run's span, kept from the run's start to its end, across evictions and replays. */
  private record Run(long generation, String name, SpanContext parent, Span span) {}

  /** The metric attribute sets of one activity. */
  private record ActivityAttributes(Attributes completed, Attributes failed) {}

  private final boolean tracing;
  private final Tracer tracer;
  private final LongCounter runsStarted;
  private final LongCounter runsCompleted;
  private final LongCounter runsFailed;
  private final LongCounter runsTerminated;
  private final LongCounter runsStalled;
  private final DoubleHistogram stepDuration;
  private final DoubleHistogram activityDuration;
  private final ObservableLongGauge backlog;
  private final LongAdder queuedActivities = new LongAdder();
  private final LongAdder armedTimers = new LongAdder();
  private final Map<String, Attributes> workflowAttributes = new ConcurrentHashMap<>();
  private final Map<String, ActivityAttributes> activityAttributes = new ConcurrentHashMap<>();
  private final Map<String, Run> runs = new ConcurrentHashMap<>();

  WorkflowTelemetry(OpenTelemetry openTelemetry) {
    // The no-op provider is a singleton, also behind an unset GlobalOpenTelemetry: without an SDK
    // no span is started and no context kept, so nothing is allocated per step or activity.
    this.tracing = openTelemetry.getTracerProvider() != TracerProvider.noop();
    this.tracer = openTelemetry.getTracer(SCOPE);
    Meter meter = openTelemetry.getMeter(SCOPE);
    this.runsStarted = counter(meter, STARTED, "Workflow runs started");
    this.runsCompleted = counter(meter, COMPLETED, "Workflow runs completed");
    this.runsFailed = counter(meter, FAILED, "Workflow runs failed");
    this.runsTerminated = counter(meter, TERMINATED, "Workflow instances terminated");
    this.runsStalled = counter(meter, STALLED, "Workflow instances stalled");
    this.stepDuration =
        meter
            .histogramBuilder(STEP_DURATION)
            .setDescription("Time from a workflow step's first event to its commit")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(STEP_BUCKETS)
            .build();
    this.activityDuration =
        meter
            .histogramBuilder(ACTIVITY_DURATION)
            .setDescription("Time an activity attempt runs")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(ACTIVITY_BUCKETS)
            .build();
    this.backlog =
        meter
            .gaugeBuilder(BACKLOG)
            .ofLongs()
            .setDescription("Activities waiting for a thread and durable timers armed")
            .setUnit("{item}")
            .buildWithCallback(
                m -> {
                  m.record(queuedActivities.sum(), ACTIVITY_WORK);
                  m.record(armedTimers.sum(), TIMER_WORK);
                });
  }

  private static LongCounter counter(Meter meter, String name, String description) {
    return meter.counterBuilder(name).setDescription(description).setUnit("{run}").build();
  }

  private Attributes workflow(String name) {
    return name == null
        ? Attributes.empty()
        : workflowAttributes.computeIfAbsent(name, n -> Attributes.of(WORKFLOW_NAME, n));
  }

  private ActivityAttributes activity(String name) {
    String n = name == null ? "" : name;
    return activityAttributes.computeIfAbsent(
        n,
        k ->
            new ActivityAttributes(
                Attributes.of(ACTIVITY_NAME, k, STATUS, COMPLETED_STATUS),
                Attributes.of(ACTIVITY_NAME, k, STATUS, FAILED_STATUS)));
  }

  // ---- runs ----

  /**
   * Returns the W3C {@code traceparent} of the span current on this thread, for the run being
   * scheduled to record with its start, or {@code null} if none or not tracing.
   */
  String callerTraceParent() {
    return tracing ? w3c(Span.current().getSpanContext()) : null;
  }

  /**
   * Returns the W3C {@code traceparent} of an instance's run span in this engine, for a child's
   * start or an activity's work item, or {@code null} if none or not tracing.
   */
  String traceParentOf(String instanceId) {
    if (!tracing) {
      return null;
    }
    Run r = runs.get(instanceId);
    return r == null ? null : w3c(r.span().getSpanContext());
  }

  private static String w3c(SpanContext c) {
    return c.isValid()
        ? "00-" + c.getTraceId() + "-" + c.getSpanId() + "-" + c.getTraceFlags().asHex()
        : null;
  }

  /** Reads a W3C {@code traceparent}; {@code null} if absent or malformed. */
  private static SpanContext parse(String traceParent) {
    if (traceParent == null || traceParent.length() != 55) {
      return null;
    }
    SpanContext c =
        SpanContext.createFromRemoteParent(
            traceParent.substring(3, 35),
            traceParent.substring(36, 52),
            TraceFlags.fromHex(traceParent, 53),
            TraceState.getDefault());
    return c.isValid() ? c : null;
  }

  /**
   * The step that starts a run committed: counts the run once, however often that step was tried.
   *
   * @param name the workflow's name
   */
  void started(String name) {
    runsStarted.add(1, workflow(name));
  }

  /**
   * A run started, or was replayed from its history: starts its span unless this engine has it
   * already (the instance was evicted and replays, or its first step is tried again).
   *
   * @param instanceId the instance
   * @param name the workflow's name
   * @param version its version, or {@code null}
   * @param parentInstanceId a child's parent, or {@code null}
   * @param generation the run's generation
   * @param traceParent the W3C {@code traceparent} its start recorded, or {@code null}
   */
  void replayed(
      String instanceId,
      String name,
      String version,
      String parentInstanceId,
      long generation,
      String traceParent) {
    if (!tracing) {
      return;
    }
    Run r = runs.get(instanceId);
    if (r != null && r.generation() == generation) {
      return;
    }
    SpanContext parent;
    if (r != null) {
      parent = r.parent();
      endRun(r, CONTINUED_AS_NEW, null);
    } else {
      // Recorded with the run's start, so the trace survives restarts and owner changes.
      parent = parse(traceParent);
      Run of = parentInstanceId == null ? null : runs.get(parentInstanceId);
      if (parent == null && of != null) {
        parent = of.span().getSpanContext();
      }
    }
    SpanBuilder b =
        tracer
            .spanBuilder("workflow " + name)
            .setSpanKind(SpanKind.INTERNAL)
            .setParent(parent == null ? Context.root() : Context.root().with(Span.wrap(parent)))
            .setAttribute(WORKFLOW_NAME, name)
            .setAttribute(INSTANCE_ID, instanceId)
            .setAttribute(GENERATION, generation);
    if (version != null) {
      b.setAttribute(VERSION, version);
    }
    runs.put(instanceId, new Run(generation, name, parent, b.startSpan()));
  }

  /**
   * A run continued as new: ends its span and starts the next run's under the same parent.
   *
   * @param instanceId the instance
   * @param name the workflow's name
   * @param version its version, or {@code null}
   * @param generation the new run's generation
   */
  void continuedAsNew(String instanceId, String name, String version, long generation) {
    replayed(instanceId, name, version, null, generation, null);
  }

  /**
   * A step was committed: measures it and, if it ended the instance, counts that and ends the run's
   * span.
   *
   * @param instanceId the instance
   * @param name the workflow's name, or {@code null} if unknown
   * @param terminal the status the step ended the instance in, or {@code null}
   * @param failure a failed run's details, or {@code null}
   * @param openedNanos {@link System#nanoTime()} when the step took its first event
   */
  void committed(
      String instanceId,
      String name,
      WorkflowStatus terminal,
      FailureDetails failure,
      long openedNanos) {
    Attributes a = workflow(name);
    stepDuration.record((System.nanoTime() - openedNanos) / 1e9, a);
    if (terminal == null) {
      return;
    }
    switch (terminal) {
      case COMPLETED:
        runsCompleted.add(1, a);
        break;
      case FAILED:
        runsFailed.add(1, a);
        break;
      case TERMINATED:
        runsTerminated.add(1, a);
        break;
      case STALLED:
        runsStalled.add(1, a);
        break;
      default:
        break;
    }
    if (tracing) {
      Run r = runs.remove(instanceId);
      if (r != null) {
        endRun(
            r,
            terminal.name(),
            terminal == WorkflowStatus.FAILED
                ? (failure == null ? "failed" : failure.errorType())
                : terminal == WorkflowStatus.STALLED ? "stalled" : null);
      }
    }
  }

  private static void endRun(Run r, String status, String errorType) {
    Span s = r.span();
    s.setAttribute(STATUS, status);
    if (errorType != null) {
      s.setAttribute(ERROR_TYPE, errorType);
      s.setStatus(StatusCode.ERROR, errorType);
    }
    s.end();
  }

  // ---- activities and timers ----

  /**
   * An activity attempt is handed to the executor: counts it in the backlog until it runs, and runs
   * it inside its span, a child of its run's.
   *
   * @param w the activity's work item
   * @param runner runs the activity and delivers its result
   * @return what to give the executor
   */
  Runnable activity(WorkItem w, Consumer<WorkItem> runner) {
    queuedActivities.increment();
    if (!tracing) {
      return () -> {
        queuedActivities.decrement();
        runner.accept(w);
      };
    }
    return () -> {
      queuedActivities.decrement();
      Span span = startActivity(w);
      Scope scope = span.makeCurrent();
      try {
        runner.accept(w);
      } finally {
        scope.close();
        span.end();
      }
    };
  }

  private Span startActivity(WorkItem w) {
    HistoryEvent s = w.event();
    Run r = runs.get(w.instanceId());
    SpanContext parent = r != null ? r.span().getSpanContext() : parse(s.traceParent());
    SpanBuilder b =
        tracer
            .spanBuilder("activity " + s.name())
            .setSpanKind(SpanKind.INTERNAL)
            .setParent(parent == null ? Context.root() : Context.root().with(Span.wrap(parent)))
            .setAttribute(ACTIVITY_NAME, s.name())
            .setAttribute(INSTANCE_ID, w.instanceId())
            .setAttribute(TASK_ID, (long) s.taskId())
            .setAttribute(ATTEMPT, (long) w.attempt());
    if (r != null) {
      b.setAttribute(WORKFLOW_NAME, r.name());
    }
    return b.startSpan();
  }

  /**
   * An activity attempt ended, on its executor thread: measures it and marks its span.
   *
   * @param w the activity's work item
   * @param result its {@code TASK_COMPLETED} or {@code TASK_FAILED} event
   * @param startNanos {@link System#nanoTime()} when it started
   */
  void activityEnded(WorkItem w, HistoryEvent result, long startNanos) {
    boolean ok = result.type() == EventType.TASK_COMPLETED;
    ActivityAttributes a = activity(w.event().name());
    activityDuration.record((System.nanoTime() - startNanos) / 1e9, ok ? a.completed : a.failed);
    if (tracing) {
      Span span = Span.current();
      span.setAttribute(STATUS, ok ? COMPLETED_STATUS : FAILED_STATUS);
      if (!ok) {
        String type = result.failure() == null ? "failed" : result.failure().errorType();
        span.setAttribute(ERROR_TYPE, type);
        span.setStatus(StatusCode.ERROR, type);
      }
    }
  }

  /** A timer or a delayed message was armed on the scheduler. */
  void timerArmed() {
    armedTimers.increment();
  }

  /** An armed timer or delayed message fired. */
  void timerFired() {
    armedTimers.decrement();
  }

  /** Stops the gauge and ends the spans of runs still open, so that they are exported. */
  @Override
  public void close() {
    backlog.close();
    for (String id : runs.keySet()) {
      Run r = runs.remove(id);
      if (r != null) {
        r.span().end();
      }
    }
  }
}
