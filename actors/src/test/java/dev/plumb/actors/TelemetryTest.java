package dev.plumb.actors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.actors.ActorContext;
import dev.plumb.api.actors.ActorReminder;
import dev.plumb.api.actors.Remindable;
import dev.plumb.api.actors.Schedule;
import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.TestClock;
import dev.plumb.testkit.TestScheduler;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TelemetryTest {
  public interface Clerk {
    String hello(String name);

    String forward(String otherId);

    String hold(String rendezvous);
  }

  static final class ClerkActor implements Clerk, Remindable {
    private final ActorContext ctx;
    private final Map<String, CountDownLatch[]> rendezvous;

    ClerkActor(ActorContext ctx, Map<String, CountDownLatch[]> rendezvous) {
      this.ctx = ctx;
      this.rendezvous = rendezvous;
    }

    @Override
    public String hello(String name) {
      return "hello " + name;
    }

    @Override
    public String forward(String otherId) {
      return ctx.actors().proxy(Clerk.class, otherId).hello(ctx.id());
    }

    @Override
    public String hold(String name) {
      CountDownLatch[] l = rendezvous.get(name);
      l[0].countDown();
      try {
        l[1].await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "held";
    }

    @Override
    public void receiveReminder(ActorReminder reminder) {}
  }

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final OpenTelemetrySdk otel =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
          .build();
  private final Map<String, CountDownLatch[]> rendezvous = new ConcurrentHashMap<>();
  // Callers that block get threads of their own: the common pool may have a single one.
  private final ExecutorService callers = Executors.newCachedThreadPool();
  private final TestScheduler scheduler = new TestScheduler(TestClock.start());
  private final Plumb plumb =
      Fixture.builder(scheduler)
          .openTelemetry(otel)
          .actor(Clerk.class, ctx -> new ClerkActor(ctx, rendezvous))
          .build();

  @AfterEach
  void close() {
    plumb.close();
    otel.close();
    callers.shutdownNow();
  }

  private SpanData span(String name) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no span " + name + " in " + spans.getFinishedSpanItems()));
  }

  @Test
  void aSpanPerCallContinuesTheCallersTrace() {
    Span parent = otel.getTracer("test").spanBuilder("request").startSpan();
    Scope scope = parent.makeCurrent();
    try {
      assertThat(plumb.actors().proxy(Clerk.class, "a").forward("b")).isEqualTo("hello a");
    } finally {
      scope.close();
      parent.end();
    }
    SpanData outer = span("CallActor/Clerk/forward");
    SpanData inner = span("CallActor/Clerk/hello");
    assertThat(outer.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(outer.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
    assertThat(inner.getParentSpanId()).isEqualTo(outer.getSpanId());
    assertThat(outer.getAttributes().get(AttributeKey.stringKey("dapr.actor.type")))
        .isEqualTo("Clerk");
    assertThat(outer.getAttributes().get(AttributeKey.stringKey("dapr.actor.id"))).isEqualTo("a");
    assertThat(inner.getAttributes().get(AttributeKey.stringKey("dapr.actor.id"))).isEqualTo("b");
  }

  @Test
  void aSpanPerReminderAndItsLag() {
    plumb.actors().registerReminder("Clerk", "a", "r", Schedule.after(Duration.ofMinutes(1)), null);
    scheduler.advance(Duration.ofMinutes(1));
    SpanData reminder = span("ActorReminder/Clerk");
    assertThat(reminder.getAttributes().get(AttributeKey.stringKey("dapr.actor.reminder")))
        .isEqualTo("r");
    assertThat(metric("plumb.actors.reminders.lag").getHistogramData().getPoints())
        .singleElement()
        .satisfies(p -> assertThat(p.getCount()).isEqualTo(1));
  }

  @Test
  void metricsCountActivationsTurnsWaitingCallsAndActiveActors() throws Exception {
    Clerk a = plumb.actors().proxy(Clerk.class, "a");
    a.hello("x");
    plumb.actors().proxy(Clerk.class, "b").hello("y");
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    rendezvous.put("r", new CountDownLatch[] {inside, release});
    CompletableFuture<String> holding = CompletableFuture.supplyAsync(() -> a.hold("r"), callers);
    assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> a.hello("z"), callers);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> sum(metric("plumb.actors.calls.pending")) == 1);
    release.countDown();
    assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo("hello z");
    assertThat(holding.get(5, TimeUnit.SECONDS)).isEqualTo("held");

    Collection<MetricData> all = metrics.collectAllMetrics();
    Map<String, MetricData> byName =
        all.stream().collect(Collectors.toMap(MetricData::getName, m -> m));
    assertThat(sum(byName.get("plumb.actors.activations"))).isEqualTo(2);
    assertThat(sum(byName.get("plumb.actors.calls.pending"))).isZero();
    assertThat(byName.get("plumb.actors.active").getLongGaugeData().getPoints())
        .singleElement()
        .satisfies(p -> assertThat(p.getValue()).isEqualTo(2));
    assertThat(byName.get("plumb.actors.turn.duration").getHistogramData().getPoints())
        .singleElement()
        .satisfies(p -> assertThat(p.getCount()).isEqualTo(4));
    scheduler.advance(Duration.ofHours(2));
    assertThat(sum(metric("plumb.actors.deactivations"))).isEqualTo(2);
  }

  private MetricData metric(String name) {
    return metrics.collectAllMetrics().stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }

  private static long sum(MetricData m) {
    return m.getLongSumData().getPoints().stream().mapToLong(p -> p.getValue()).sum();
  }
}
