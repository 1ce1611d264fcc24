package dev.plumb.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.pubsub.CloudEvent;
import dev.plumb.api.pubsub.PubSub;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The envelope carries the publishing span's W3C context and the handler's span continues it. */
class PubSubTracingTest {
  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  @Test
  void theHandlersConsumerSpanContinuesThePublishersTrace() throws Exception {
    BlockingQueue<CloudEvent> got = new LinkedBlockingQueue<>();
    BlockingQueue<String> handlerTrace = new LinkedBlockingQueue<>();
    try (Plumb plumb =
        Plumb.builder()
            .appId("checkout")
            .openTelemetry(OTEL.getOpenTelemetry())
            .component("traced", "pubsub.in-memory", Map.of())
            .build()) {
      PubSub pubsub = plumb.pubSub("traced");
      pubsub.subscribe(
          "orders",
          CloudEvent.class,
          e -> {
            got.add(e.data());
            handlerTrace.add(Span.current().getSpanContext().getTraceId());
            return null;
          });
      Span parent = OTEL.getOpenTelemetry().getTracer("test").spanBuilder("checkout").startSpan();
      Scope scope = parent.makeCurrent();
      try {
        pubsub.publish("orders", "order-1");
      } finally {
        scope.close();
        parent.end();
      }
      CloudEvent e = got.poll(10, TimeUnit.SECONDS);
      String traceId = parent.getSpanContext().getTraceId();
      assertThat(e.traceparent()).startsWith("00-" + traceId + "-").isEqualTo(e.traceid());
      assertThat(handlerTrace.poll(10, TimeUnit.SECONDS)).isEqualTo(traceId);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> OTEL.getSpans().stream().anyMatch(s -> s.getKind() == SpanKind.CONSUMER));
      List<SpanData> spans = OTEL.getSpans();
      SpanData publish =
          spans.stream()
              .filter(s -> s.getName().equals("pubsub/publish"))
              .findFirst()
              .orElseThrow();
      SpanData deliver =
          spans.stream()
              .filter(s -> s.getName().equals("pubsub/deliver"))
              .findFirst()
              .orElseThrow();
      assertThat(publish.getKind()).isEqualTo(SpanKind.CLIENT);
      assertThat(publish.getTraceId()).isEqualTo(traceId);
      assertThat(deliver.getKind()).isEqualTo(SpanKind.CONSUMER);
      assertThat(deliver.getTraceId()).isEqualTo(traceId);
      assertThat(deliver.getParentSpanId()).isEqualTo(publish.getSpanId());
    }
  }
}
