package dev.plumb.runtime.internal.resiliency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ComponentException;
import dev.plumb.runtime.spi.Invoker;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ResiliencyTelemetryTest {
  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  private static final String YAML =
      """
      apiVersion: dapr.io/v1alpha1
      kind: Resiliency
      metadata:
        name: r
      spec:
        policies:
          retries:
            DefaultRetryPolicy: {duration: 1ms, maxRetries: 2}
      """;

  private final InvokerFixture fixture = new InvokerFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void oneSpanCoversEveryAttemptOfACall() {
    Resiliency resiliency = Resiliency.from(TestResources.parse(YAML), "order-service");
    Invoker invoker =
        resiliency.outbound("statestore", "state.redis", fixture.runtime(OTEL.getOpenTelemetry()));
    AtomicInteger attempts = new AtomicInteger();

    String value =
        invoker.call(
            "get",
            () -> {
              if (attempts.incrementAndGet() < 3) {
                throw new IOException("not yet");
              }
              return "value";
            });

    assertThat(value).isEqualTo("value");
    assertThat(attempts).hasValue(3);
    assertThat(OTEL.getSpans())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getName()).isEqualTo("state/get");
              assertThat(s.getKind()).isEqualTo(SpanKind.CLIENT);
              assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
            });
  }

  @Test
  void inboundInvokersRetryDeliveriesUnderAConsumerSpan() {
    Resiliency resiliency = Resiliency.from(TestResources.parse(YAML), "order-service");
    Invoker invoker =
        resiliency.inbound("orders", "pubsub.redis", fixture.runtime(OTEL.getOpenTelemetry()));
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(
            () ->
                invoker.call(
                    "deliver",
                    () -> {
                      attempts.incrementAndGet();
                      throw new IllegalStateException("handler failed");
                    }))
        .isInstanceOf(ComponentException.class);

    assertThat(attempts).hasValue(3);
    SpanData span = OTEL.getSpans().get(0);
    assertThat(span.getName()).isEqualTo("pubsub/deliver");
    assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }
}
