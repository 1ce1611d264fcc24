package dev.plumb.runtime.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ComponentException;
import dev.plumb.runtime.internal.Invokers;
import dev.plumb.runtime.spi.Invoker;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ComponentTelemetryTest {
  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  private final ExecutorService executor = Executors.newCachedThreadPool();

  @AfterEach
  void close() {
    executor.shutdownNow();
  }

  private Invoker outbound(String name, String type) {
    return ComponentTelemetry.outbound(
        Invokers.direct(name, type, executor), name, type, OTEL.getOpenTelemetry());
  }

  @Test
  void aCallBecomesAClientSpanNamedAfterBlockAndOperation() {
    Invoker invoker = outbound("statestore", "state.redis");

    assertThat(invoker.call("get", () -> "value")).isEqualTo("value");

    List<SpanData> spans = OTEL.getSpans();
    assertThat(spans).hasSize(1);
    SpanData span = spans.get(0);
    assertThat(span.getName()).isEqualTo("state/get");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getAttributes().asMap())
        .containsOnly(
            entry("db.system", "redis"),
            entry("dapr.component.name", "statestore"),
            entry("dapr.component.type", "state.redis"));
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void aFailureSetsErrorStatusRecordsTheExceptionAndCountsIt() {
    Invoker invoker = outbound("statestore", "state.postgresql");

    assertThatThrownBy(
            () ->
                invoker.call(
                    "set",
                    () -> {
                      throw new IOException("connection reset");
                    }))
        .isInstanceOf(ComponentException.class);

    SpanData span = OTEL.getSpans().get(0);
    assertThat(span.getName()).isEqualTo("state/set");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription())
        .isEqualTo("component 'statestore' (state.postgresql): set failed: connection reset");
    assertThat(span.getEvents()).extracting(EventData::getName).containsExactly("exception");
    assertThat(
            span.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("exception.type")))
        .isEqualTo(ComponentException.class.getName());

    Attributes failed =
        Attributes.builder()
            .put("dapr.component.name", "statestore")
            .put("dapr.component.type", "state.postgresql")
            .put("dapr.component.operation", "set")
            .put("outcome", "failure")
            .build();
    MetricData failures = metric(ComponentTelemetry.FAILURES);
    assertThat(failures.getLongSumData().getPoints())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getValue()).isEqualTo(1);
              assertThat(p.getAttributes()).isEqualTo(failed);
            });
    MetricData duration = metric(ComponentTelemetry.DURATION);
    assertThat(duration.getUnit()).isEqualTo("s");
    assertThat(duration.getHistogramData().getPoints())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getCount()).isEqualTo(1);
              assertThat(p.getAttributes()).isEqualTo(failed);
            });
  }

  @Test
  void durationsAreRecordedPerOperationAndOutcome() {
    Invoker invoker = outbound("statestore", "state.redis");

    invoker.call("get", () -> 1);
    invoker.call("get", () -> 2);
    invoker.call("delete", () -> 3);

    List<HistogramPointData> points =
        List.copyOf(metric(ComponentTelemetry.DURATION).getHistogramData().getPoints());
    assertThat(points)
        .extracting(
            p -> p.getAttributes().get(AttributeKey.stringKey("dapr.component.operation")),
            p -> p.getAttributes().get(AttributeKey.stringKey("outcome")),
            HistogramPointData::getCount)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("get", "success", 2L),
            org.assertj.core.groups.Tuple.tuple("delete", "success", 1L));
    assertThat(OTEL.getMetrics())
        .extracting(MetricData::getName)
        .doesNotContain(ComponentTelemetry.FAILURES);
  }

  @Test
  void inboundDeliveriesAreConsumerSpansWithTheMessagingSystem() {
    Invoker invoker =
        ComponentTelemetry.inbound(
            Invokers.direct("orders", "pubsub.kafka", executor),
            "orders",
            "pubsub.kafka",
            OTEL.getOpenTelemetry());

    invoker.call("deliver", () -> null);

    SpanData span = OTEL.getSpans().get(0);
    assertThat(span.getName()).isEqualTo("pubsub/deliver");
    assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.system")))
        .isEqualTo("kafka");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("db.system"))).isNull();
  }

  @Test
  void asyncCallsRunOnTheExecutorInsideTheCallersTrace() {
    Invoker invoker = outbound("statestore", "state.redis");
    Span parent = OTEL.getOpenTelemetry().getTracer("test").spanBuilder("request").startSpan();
    Thread caller = Thread.currentThread();

    Thread ran;
    Scope scope = parent.makeCurrent();
    try {
      ran = invoker.callAsync("get", Thread::currentThread).join();
    } finally {
      scope.close();
      parent.end();
    }

    assertThat(ran).isNotSameAs(caller);
    SpanData get =
        OTEL.getSpans().stream().filter(s -> s.getName().equals("state/get")).findFirst().get();
    assertThat(get.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(get.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
  }

  @Test
  void theComponentCallSeesItsSpanAsCurrent() {
    Invoker invoker = outbound("secrets", "secretstores.local.file");

    String traceId = invoker.call("get", () -> Span.current().getSpanContext().getSpanId());

    SpanData span = OTEL.getSpans().get(0);
    assertThat(span.getName()).isEqualTo("secretstores/get");
    assertThat(traceId).isEqualTo(span.getSpanId());
  }

  private static MetricData metric(String name) {
    return OTEL.getMetrics().stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }

  private static java.util.Map.Entry<AttributeKey<?>, Object> entry(String key, String value) {
    return java.util.Map.entry(AttributeKey.stringKey(key), value);
  }
}
