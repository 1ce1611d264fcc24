package dev.plumb.actors;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The actor engine's spans and metrics, through the OpenTelemetry API only. Spans: {@code
 * CallActor/<type>/<method>} per call (from the call to its answer, waiting included), {@code
 * ActorReminder/<type>} per reminder firing and {@code ActorTimer/<type>} per timer firing, each a
 * child of the caller's current span, with {@code dapr.actor.type} and {@code dapr.actor.id}.
 * Metrics, by {@code dapr.actor.type}:
 *
 * <ul>
 *   <li>{@value #ACTIVE} (gauge): actors active now;
 *   <li>{@value #ACTIVATIONS}, {@value #DEACTIVATIONS} (counters);
 *   <li>{@value #TURN_DURATION} (histogram, seconds, with {@code dapr.actor.turn}: {@code call},
 *       {@code timer}, {@code reminder}): time holding the actor's lock;
 *   <li>{@value #PENDING_CALLS} (up-down counter): calls waiting for a busy actor;
 *   <li>{@value #REMINDER_LAG} (histogram, seconds): how late reminders fire after their due time.
 * </ul>
 *
 * Every attribute set is built once per type, so a call on the default no-op OpenTelemetry costs a
 * few no-op calls. Thread-safe.
 */
final class ActorTelemetry implements AutoCloseable {
  static final String SCOPE = "dev.plumb.actors";
  static final String ACTIVE = "plumb.actors.active";
  static final String ACTIVATIONS = "plumb.actors.activations";
  static final String DEACTIVATIONS = "plumb.actors.deactivations";
  static final String TURN_DURATION = "plumb.actors.turn.duration";
  static final String PENDING_CALLS = "plumb.actors.calls.pending";
  static final String REMINDER_LAG = "plumb.actors.reminders.lag";

  static final AttributeKey<String> ACTOR_TYPE = AttributeKey.stringKey("dapr.actor.type");
  static final AttributeKey<String> ACTOR_ID = AttributeKey.stringKey("dapr.actor.id");
  static final AttributeKey<String> METHOD = AttributeKey.stringKey("dapr.actor.method");
  static final AttributeKey<String> REMINDER = AttributeKey.stringKey("dapr.actor.reminder");
  static final AttributeKey<String> TIMER = AttributeKey.stringKey("dapr.actor.timer");
  static final AttributeKey<String> TURN = AttributeKey.stringKey("dapr.actor.turn");

  private static final List<Double> TURN_BUCKETS =
      List.of(
          0.000001, 0.000005, 0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5,
          1.0, 5.0);
  private static final List<Double> LAG_BUCKETS =
      List.of(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 300.0);

  private final Tracer tracer;
  private final LongCounter activations;
  private final LongCounter deactivations;
  private final DoubleHistogram turnDuration;
  private final LongUpDownCounter pending;
  private final DoubleHistogram reminderLag;
  private final ObservableLongGauge active;

  ActorTelemetry(OpenTelemetry openTelemetry, Supplier<Collection<HostedType>> types) {
    this.tracer = openTelemetry.getTracer(SCOPE);
    Meter meter = openTelemetry.getMeter(SCOPE);
    this.activations =
        meter
            .counterBuilder(ACTIVATIONS)
            .setDescription("Actors activated")
            .setUnit("{actor}")
            .build();
    this.deactivations =
        meter
            .counterBuilder(DEACTIVATIONS)
            .setDescription("Actors deactivated")
            .setUnit("{actor}")
            .build();
    this.turnDuration =
        meter
            .histogramBuilder(TURN_DURATION)
            .setDescription("Time a turn holds its actor: a call, a timer or a reminder")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(TURN_BUCKETS)
            .build();
    this.pending =
        meter
            .upDownCounterBuilder(PENDING_CALLS)
            .setDescription("Calls waiting for a busy actor")
            .setUnit("{call}")
            .build();
    this.reminderLag =
        meter
            .histogramBuilder(REMINDER_LAG)
            .setDescription("How long after its due time a reminder fires")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(LAG_BUCKETS)
            .build();
    this.active =
        meter
            .gaugeBuilder(ACTIVE)
            .ofLongs()
            .setDescription("Actors active now")
            .setUnit("{actor}")
            .buildWithCallback(
                m -> {
                  for (HostedType t : types.get()) {
                    m.record(t.activeCount(), t.attributes());
                  }
                });
  }

  /** The per-type attribute sets of one actor type. */
  static final class TypeAttributes {
    final Attributes type;
    final Attributes callTurn;
    final Attributes timerTurn;
    final Attributes reminderTurn;
    final String reminderSpan;
    final String timerSpan;

    TypeAttributes(String actorType) {
      this.type = Attributes.of(ACTOR_TYPE, actorType);
      this.callTurn = Attributes.of(ACTOR_TYPE, actorType, TURN, "call");
      this.timerTurn = Attributes.of(ACTOR_TYPE, actorType, TURN, "timer");
      this.reminderTurn = Attributes.of(ACTOR_TYPE, actorType, TURN, "reminder");
      this.reminderSpan = "ActorReminder/" + actorType;
      this.timerSpan = "ActorTimer/" + actorType;
    }
  }

  /**
   * Starts the span of a call, a child of the caller's current span.
   *
   * @param t the actor type
   * @param id the actor id
   * @param spanName {@code CallActor/<type>/<method>}
   * @param method the method's name
   * @return the span
   */
  Span startCall(HostedType t, String id, String spanName, String method) {
    return tracer
        .spanBuilder(spanName)
        .setSpanKind(SpanKind.INTERNAL)
        .setAttribute(ACTOR_TYPE, t.name())
        .setAttribute(ACTOR_ID, id)
        .setAttribute(METHOD, method)
        .startSpan();
  }

  /**
   * Starts the span of a reminder firing.
   *
   * @param t the actor type
   * @param id the actor id
   * @param name the reminder's name
   * @return the span
   */
  Span startReminder(HostedType t, String id, String name) {
    return tracer
        .spanBuilder(t.telemetry().reminderSpan)
        .setSpanKind(SpanKind.INTERNAL)
        .setParent(Context.root())
        .setAttribute(ACTOR_TYPE, t.name())
        .setAttribute(ACTOR_ID, id)
        .setAttribute(REMINDER, name)
        .startSpan();
  }

  /**
   * Starts the span of a timer firing.
   *
   * @param t the actor type
   * @param id the actor id
   * @param name the timer's name
   * @return the span
   */
  Span startTimer(HostedType t, String id, String name) {
    return tracer
        .spanBuilder(t.telemetry().timerSpan)
        .setSpanKind(SpanKind.INTERNAL)
        .setParent(Context.root())
        .setAttribute(ACTOR_TYPE, t.name())
        .setAttribute(ACTOR_ID, id)
        .setAttribute(TIMER, name)
        .startSpan();
  }

  /**
   * Makes a span current on this thread, unless it carries no trace (the no-op OpenTelemetry), so
   * that the turn's own calls are its children.
   *
   * @param span the span
   * @return the scope to close, or {@code null}
   */
  static Scope enter(Span span) {
    return span.getSpanContext().isValid() ? span.makeCurrent() : null;
  }

  /**
   * Ends a span, recording a failure.
   *
   * @param span the span
   * @param failure what the call threw, or {@code null}
   */
  static void end(Span span, Throwable failure) {
    if (failure != null) {
      span.setStatus(StatusCode.ERROR);
      span.recordException(failure);
    }
    span.end();
  }

  void activated(HostedType t) {
    activations.add(1, t.attributes());
  }

  void deactivated(HostedType t) {
    deactivations.add(1, t.attributes());
  }

  void turn(Attributes turn, long startNanos) {
    turnDuration.record((System.nanoTime() - startNanos) / 1e9, turn);
  }

  void waiting(HostedType t, long delta) {
    pending.add(delta, t.attributes());
  }

  void reminderLag(HostedType t, long lagMillis) {
    reminderLag.record(Math.max(0, lagMillis) / 1e3, t.attributes());
  }

  @Override
  public void close() {
    active.close();
  }
}
