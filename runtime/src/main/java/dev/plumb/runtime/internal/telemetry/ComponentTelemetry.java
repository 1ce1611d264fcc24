package dev.plumb.runtime.internal.telemetry;

import dev.plumb.runtime.internal.blocks.Block;
import dev.plumb.runtime.internal.blocks.Blocks;
import dev.plumb.runtime.spi.Invoker;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wraps a component's invoker so that each call becomes an OpenTelemetry span and is measured,
 * through the OpenTelemetry API only (no SDK): with the default no-op OpenTelemetry the cost is a
 * map lookup and a few no-op calls, since every attribute set is built once per component and
 * operation.
 *
 * <p>Spans are named {@code <block>/<operation>} ({@code state/get}, {@code pubsub/publish}), of
 * kind {@code CLIENT} for calls into a component and {@code CONSUMER} for deliveries to the app,
 * with {@code dapr.component.name}, {@code dapr.component.type} and {@code db.system} (state,
 * configuration, lock) or {@code messaging.system} (pub/sub); a failure sets status {@code ERROR}
 * and records the exception. Metrics: histogram {@value #DURATION} (seconds) and counter {@value
 * #FAILURES}, with the component's name and type, {@code dapr.component.operation} and {@code
 * outcome} ({@code success} or {@code failure}).
 */
public final class ComponentTelemetry {
  /** The instrumentation scope name of spans and metrics. */
  public static final String SCOPE = "dev.plumb.runtime";

  /** The call duration histogram's name. */
  public static final String DURATION = "plumb.component.call.duration";

  /** The failed call counter's name. */
  public static final String FAILURES = "plumb.component.call.failures";

  static final AttributeKey<String> COMPONENT_NAME = AttributeKey.stringKey("dapr.component.name");
  static final AttributeKey<String> COMPONENT_TYPE = AttributeKey.stringKey("dapr.component.type");
  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("dapr.component.operation");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
  static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
  static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");

  private static final List<Double> BUCKETS =
      List.of(0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

  private ComponentTelemetry() {}

  /**
   * Instruments calls into a component.
   *
   * @param inner applies the component's policies
   * @param componentName the component's name
   * @param componentType the component's type, such as {@code state.redis}
   * @param openTelemetry where spans and metrics go
   * @return the instrumented invoker; thread-safe
   */
  public static Invoker outbound(
      Invoker inner, String componentName, String componentType, OpenTelemetry openTelemetry) {
    return new Instrumented(inner, componentName, componentType, SpanKind.CLIENT, openTelemetry);
  }

  /**
   * Instruments deliveries from a component to the app.
   *
   * @param inner applies the component's inbound policies
   * @param componentName the component's name
   * @param componentType the component's type, such as {@code pubsub.kafka}
   * @param openTelemetry where spans and metrics go
   * @return the instrumented invoker; thread-safe
   */
  public static Invoker inbound(
      Invoker inner, String componentName, String componentType, OpenTelemetry openTelemetry) {
    return new Instrumented(inner, componentName, componentType, SpanKind.CONSUMER, openTelemetry);
  }

  /** What is fixed for one operation of one component. */
  private record Operation(
      String spanName, Attributes spanAttributes, Attributes success, Attributes failure) {}

  private static final class Instrumented implements Invoker {
    private final Invoker inner;
    private final String componentName;
    private final String componentType;
    private final SpanKind kind;
    private final Tracer tracer;
    private final DoubleHistogram duration;
    private final LongCounter failures;
    private final String block;
    private final Attributes spanAttributes;
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();

    Instrumented(
        Invoker inner,
        String componentName,
        String componentType,
        SpanKind kind,
        OpenTelemetry openTelemetry) {
      this.inner = Objects.requireNonNull(inner, "inner");
      this.componentName = componentName;
      this.componentType = componentType;
      this.kind = kind;
      this.tracer = openTelemetry.getTracer(SCOPE);
      Meter meter = openTelemetry.getMeter(SCOPE);
      this.duration =
          meter
              .histogramBuilder(DURATION)
              .setDescription("Duration of calls into components, retries included")
              .setUnit("s")
              .setExplicitBucketBoundariesAdvice(BUCKETS)
              .build();
      this.failures =
          meter
              .counterBuilder(FAILURES)
              .setDescription("Calls into components that ended in an exception")
              .setUnit("{call}")
              .build();
      Optional<Block<?, ?>> known = Blocks.ofType(componentType);
      int dot = componentType.indexOf('.');
      this.block =
          known.map(Block::name).orElse(dot < 0 ? componentType : componentType.substring(0, dot));
      AttributesBuilder attributes =
          Attributes.builder()
              .put(COMPONENT_NAME, componentName)
              .put(COMPONENT_TYPE, componentType);
      known
          .map(Block::systemAttribute)
          .ifPresent(
              key -> attributes.put(AttributeKey.stringKey(key), componentType.substring(dot + 1)));
      this.spanAttributes = attributes.build();
    }

    @Override
    public <T> T call(String operation, Callable<T> call) {
      Operation op = operation(operation);
      Span span = startSpan(op);
      long start = System.nanoTime();
      Scope scope = enter(span);
      try {
        T result = inner.call(operation, call);
        duration.record(seconds(start), op.success());
        return result;
      } catch (RuntimeException | Error e) {
        failed(op, span, start, e);
        throw e;
      } finally {
        scope.close();
        span.end();
      }
    }

    @Override
    public <T> CompletableFuture<T> callAsync(String operation, Callable<T> call) {
      Operation op = operation(operation);
      Span span = startSpan(op);
      long start = System.nanoTime();
      CompletableFuture<T> inFlight;
      // Current while the call is handed over, so its attempts run inside the span.
      Scope scope = enter(span);
      try {
        inFlight = inner.callAsync(operation, call);
      } finally {
        scope.close();
      }
      return inFlight.whenComplete(
          (value, error) -> {
            if (error == null) {
              duration.record(seconds(start), op.success());
            } else {
              failed(op, span, start, error);
            }
            span.end();
          });
    }

    private Operation operation(String operation) {
      Operation op = operations.get(operation);
      return op != null ? op : operations.computeIfAbsent(operation, this::describe);
    }

    /**
     * Makes the span current, unless it already is: a no-op tracer without a parent span answers
     * the invalid span, which is already current, and re-entering it would only allocate a context
     * and a scope per call.
     */
    private static Scope enter(Span span) {
      return span == Span.current() ? Scope.noop() : span.makeCurrent();
    }

    private Span startSpan(Operation op) {
      return tracer
          .spanBuilder(op.spanName())
          .setSpanKind(kind)
          .setAllAttributes(op.spanAttributes())
          .startSpan();
    }

    private void failed(Operation op, Span span, long start, Throwable error) {
      Throwable e =
          error instanceof CompletionException && error.getCause() != null
              ? error.getCause()
              : error;
      duration.record(seconds(start), op.failure());
      failures.add(1, op.failure());
      span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
      span.recordException(e);
    }

    private Operation describe(String operation) {
      Attributes metric =
          Attributes.builder()
              .put(COMPONENT_NAME, componentName)
              .put(COMPONENT_TYPE, componentType)
              .put(OPERATION, operation)
              .build();
      return new Operation(
          block + "/" + operation,
          spanAttributes,
          metric.toBuilder().put(OUTCOME, "success").build(),
          metric.toBuilder().put(OUTCOME, "failure").build());
    }

    private static double seconds(long start) {
      return (System.nanoTime() - start) / 1e9;
    }
  }
}
