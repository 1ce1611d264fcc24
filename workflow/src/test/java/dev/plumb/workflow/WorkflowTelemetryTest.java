package dev.plumb.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.workflow.ActivityDefinition;
import dev.plumb.api.workflow.ScheduleOptions;
import dev.plumb.api.workflow.WorkflowDefinition;
import dev.plumb.api.workflow.WorkflowStatus;
import dev.plumb.api.workflow.Workflows;
import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.TestClock;
import dev.plumb.testkit.TestScheduler;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spans and metrics of workflow runs and activities, read through the OpenTelemetry SDK. */
class WorkflowTelemetryTest {
  private static final AttributeKey<String> WORKFLOW_NAME =
      AttributeKey.stringKey("dapr.workflow.name");
  private static final AttributeKey<String> INSTANCE_ID =
      AttributeKey.stringKey("dapr.workflow.instance_id");
  private static final AttributeKey<String> ACTIVITY_NAME =
      AttributeKey.stringKey("dapr.workflow.activity.name");
  private static final AttributeKey<String> STATUS = AttributeKey.stringKey("dapr.workflow.status");
  private static final AttributeKey<Long> ATTEMPT =
      AttributeKey.longKey("dapr.workflow.activity.attempt");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private static final AttributeKey<String> WORK = AttributeKey.stringKey("dapr.workflow.work");

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
  private final InMemoryWorkflowStore store = new InMemoryWorkflowStore();
  private final TestScheduler scheduler = new TestScheduler(TestClock.start());

  @AfterEach
  void close() {
    otel.close();
  }

  private Plumb plumb() {
    return Plumb.builder()
        .appId("telemetry")
        .scheduler(scheduler)
        .workflowStore(store)
        .openTelemetry(otel)
        .activity(
            ActivityDefinition.of(
                "Inc", Integer.class, Integer.class, (ctx, in) -> in + ctx.attempt()))
        .activity(
            ActivityDefinition.of(
                "Boom",
                Integer.class,
                Integer.class,
                (ctx, in) -> {
                  throw new IllegalStateException("secret " + in);
                }))
        .workflow(
            WorkflowDefinition.of(
                "Three",
                Integer.class,
                Integer.class,
                (ctx, in) -> {
                  int v = in;
                  for (int i = 0; i < 3; i++) {
                    v = ctx.callActivity("Inc", v, Integer.class).await();
                  }
                  return v;
                }))
        .workflow(
            WorkflowDefinition.of(
                "Failing",
                Integer.class,
                Integer.class,
                (ctx, in) -> ctx.callActivity("Boom", in, Integer.class).await()))
        .workflow(
            WorkflowDefinition.of(
                "Waiting",
                Integer.class,
                Integer.class,
                (ctx, in) -> {
                  int v = ctx.callActivity("Inc", in, Integer.class).await();
                  ctx.setCustomStatus("waiting");
                  int more = ctx.waitForExternalEvent("more", Integer.class).await();
                  return ctx.callActivity("Inc", v + more, Integer.class).await();
                }))
        .workflow(
            WorkflowDefinition.of(
                "Parent",
                Integer.class,
                Integer.class,
                (ctx, in) -> ctx.callChildWorkflow("Three", in, Integer.class).await()))
        .workflow(
            WorkflowDefinition.of(
                "Looping",
                Integer.class,
                Integer.class,
                (ctx, in) -> {
                  int v = ctx.callActivity("Inc", in, Integer.class).await();
                  if (v < 3) {
                    ctx.continueAsNew(v);
                  }
                  return v;
                }))
        .workflow(
            WorkflowDefinition.of(
                "Sleepy",
                Integer.class,
                Integer.class,
                (ctx, in) -> {
                  ctx.createTimer(Duration.ofMinutes(5)).await();
                  return in;
                }))
        .build();
  }

  private List<SpanData> spans(String name) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .collect(Collectors.toList());
  }

  private MetricData metric(String name) {
    Collection<MetricData> all = metrics.collectAllMetrics();
    return all.stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name + " in " + all));
  }

  /** A counter's value; 0 if it never counted (the SDK reports no point then). */
  private long count(String name, Attributes attributes) {
    return metrics.collectAllMetrics().stream()
        .filter(m -> m.getName().equals(name))
        .flatMap(m -> m.getLongSumData().getPoints().stream())
        .filter(p -> p.getAttributes().equals(attributes))
        .mapToLong(LongPointData::getValue)
        .sum();
  }

  private long histogramCount(String name, Attributes attributes) {
    return metric(name).getHistogramData().getPoints().stream()
        .filter(p -> p.getAttributes().equals(attributes))
        .mapToLong(HistogramPointData::getCount)
        .sum();
  }

  private static Attributes workflow(String name) {
    return Attributes.of(WORKFLOW_NAME, name);
  }

  @Test
  void aRunIsOneTraceFromItsScheduleCallThroughEveryActivity() throws Exception {
    Span request = otel.getTracer("test").spanBuilder("request").startSpan();
    try (Plumb plumb = plumb()) {
      Workflows wf = plumb.workflows();
      String id;
      Scope scope = request.makeCurrent();
      try {
        id = wf.schedule("Three", 1, ScheduleOptions.id("three"));
      } finally {
        scope.close();
        request.end();
      }
      assertThat(wf.waitForCompletion(id, Duration.ofSeconds(10)).readOutputAs(Integer.class))
          .isEqualTo(4);
      await().until(() -> spans("workflow Three").size() == 1 && spans("activity Inc").size() == 3);

      SpanData run = spans("workflow Three").get(0);
      String trace = request.getSpanContext().getTraceId();
      assertThat(run.getTraceId()).isEqualTo(trace);
      assertThat(run.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
      assertThat(run.getAttributes().get(WORKFLOW_NAME)).isEqualTo("Three");
      assertThat(run.getAttributes().get(INSTANCE_ID)).isEqualTo("three");
      assertThat(run.getAttributes().get(STATUS)).isEqualTo("COMPLETED");
      assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
      assertThat(spans("activity Inc"))
          .allSatisfy(
              a -> {
                assertThat(a.getTraceId()).isEqualTo(trace);
                assertThat(a.getParentSpanId()).isEqualTo(run.getSpanId());
                assertThat(a.getAttributes().get(ACTIVITY_NAME)).isEqualTo("Inc");
                assertThat(a.getAttributes().get(INSTANCE_ID)).isEqualTo("three");
                assertThat(a.getAttributes().get(WORKFLOW_NAME)).isEqualTo("Three");
                assertThat(a.getAttributes().get(ATTEMPT)).isEqualTo(1L);
                assertThat(a.getAttributes().get(STATUS)).isEqualTo("COMPLETED");
              });

      assertThat(count("plumb.workflow.started", workflow("Three"))).isEqualTo(1);
      assertThat(count("plumb.workflow.completed", workflow("Three"))).isEqualTo(1);
      assertThat(
              histogramCount(
                  "plumb.workflow.activity.duration",
                  Attributes.of(ACTIVITY_NAME, "Inc", STATUS, "COMPLETED")))
          .isEqualTo(3);
      // The start, three results: four steps at least (a result may share a step).
      assertThat(histogramCount("plumb.workflow.step.duration", workflow("Three")))
          .isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void aFailingRunIsCountedAndItsSpansMarkTheErrorTypeOnly() throws Exception {
    try (Plumb plumb = plumb()) {
      Workflows wf = plumb.workflows();
      String id = wf.schedule("Failing", 7, ScheduleOptions.id("failing"));
      assertThat(wf.waitForCompletion(id, Duration.ofSeconds(10)).status())
          .isEqualTo(WorkflowStatus.FAILED);
      await().until(() -> spans("workflow Failing").size() == 1);

      SpanData run = spans("workflow Failing").get(0);
      SpanData activity = spans("activity Boom").get(0);
      assertThat(activity.getParentSpanId()).isEqualTo(run.getSpanId());
      assertThat(activity.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(activity.getAttributes().get(ERROR_TYPE))
          .isEqualTo(IllegalStateException.class.getName());
      assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(run.getAttributes().get(STATUS)).isEqualTo("FAILED");
      assertThat(run.getAttributes().get(ERROR_TYPE))
          .isEqualTo("dev.plumb.api.workflow.TaskFailedException");
      assertThat(spans.getFinishedSpanItems())
          .allSatisfy(
              s -> {
                assertThat(s.getStatus().getDescription()).doesNotContain("secret");
                assertThat(s.getEvents()).isEmpty();
              });

      assertThat(count("plumb.workflow.failed", workflow("Failing"))).isEqualTo(1);
      assertThat(count("plumb.workflow.completed", workflow("Failing"))).isZero();
      assertThat(
              histogramCount(
                  "plumb.workflow.activity.duration",
                  Attributes.of(ACTIVITY_NAME, "Boom", STATUS, "FAILED")))
          .isEqualTo(1);
    }
  }

  @Test
  void aChildRunIsAChildOfItsParentsRun() throws Exception {
    try (Plumb plumb = plumb()) {
      Workflows wf = plumb.workflows();
      String id = wf.schedule("Parent", 1, ScheduleOptions.id("parent"));
      assertThat(wf.waitForCompletion(id, Duration.ofSeconds(10)).readOutputAs(Integer.class))
          .isEqualTo(4);
      await()
          .until(() -> spans("workflow Parent").size() == 1 && spans("workflow Three").size() == 1);
      SpanData parent = spans("workflow Parent").get(0);
      SpanData child = spans("workflow Three").get(0);
      assertThat(parent.getParentSpanContext().isValid()).isFalse();
      assertThat(child.getTraceId()).isEqualTo(parent.getTraceId());
      assertThat(child.getParentSpanId()).isEqualTo(parent.getSpanId());
      assertThat(spans("activity Inc"))
          .hasSize(3)
          .allSatisfy(a -> assertThat(a.getParentSpanId()).isEqualTo(child.getSpanId()));
      assertThat(count("plumb.workflow.started", workflow("Three"))).isEqualTo(1);
      assertThat(count("plumb.workflow.started", workflow("Parent"))).isEqualTo(1);
    }
  }

  @Test
  void eachContinueAsNewEndsOneRunSpanUnderTheSameParent() throws Exception {
    Span request = otel.getTracer("test").spanBuilder("request").startSpan();
    try (Plumb plumb = plumb()) {
      Workflows wf = plumb.workflows();
      String id;
      Scope scope = request.makeCurrent();
      try {
        id = wf.schedule("Looping", 0, ScheduleOptions.id("looping"));
      } finally {
        scope.close();
        request.end();
      }
      assertThat(wf.waitForCompletion(id, Duration.ofSeconds(10)).readOutputAs(Integer.class))
          .isEqualTo(3);
      await().until(() -> spans("workflow Looping").size() == 3);
      assertThat(spans("workflow Looping"))
          .extracting(s -> s.getAttributes().get(STATUS))
          .containsExactly("CONTINUED_AS_NEW", "CONTINUED_AS_NEW", "COMPLETED");
      assertThat(spans("workflow Looping"))
          .allSatisfy(
              s -> assertThat(s.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId()));
      assertThat(count("plumb.workflow.started", workflow("Looping"))).isEqualTo(1);
      assertThat(count("plumb.workflow.completed", workflow("Looping"))).isEqualTo(1);
    }
  }

  @Test
  void anEvictedAndReplayedRunReportsIntoTheSameTrace() throws Exception {
    Span request = otel.getTracer("test").spanBuilder("request").startSpan();
    try (Plumb plumb = plumb()) {
      Workflows wf = plumb.workflows();
      String id;
      Scope scope = request.makeCurrent();
      try {
        id = wf.schedule("Waiting", 1, ScheduleOptions.id("evicted"));
      } finally {
        scope.close();
        request.end();
      }
      await()
          .until(
              () ->
                  "waiting"
                      .equals(
                          wf.get(id).map(s -> s.readCustomStatusAs(String.class)).orElse(null)));
      WorkflowEngine engine = (WorkflowEngine) wf;
      await().until(() -> engine.evict(id));
      await().until(() -> engine.liveInstances() == 0);
      wf.raiseEvent(id, "more", 10);
      assertThat(wf.waitForCompletion(id, Duration.ofSeconds(10)).readOutputAs(Integer.class))
          .isEqualTo(13);
      await()
          .until(() -> spans("workflow Waiting").size() == 1 && spans("activity Inc").size() == 2);

      SpanData run = spans("workflow Waiting").get(0);
      assertThat(run.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
      assertThat(run.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
      assertThat(spans("activity Inc"))
          .allSatisfy(a -> assertThat(a.getParentSpanId()).isEqualTo(run.getSpanId()));
      assertThat(count("plumb.workflow.started", workflow("Waiting"))).isEqualTo(1);
      assertThat(count("plumb.workflow.completed", workflow("Waiting"))).isEqualTo(1);
    }
  }

  @Test
  void aRunResumedAfterARestartGetsANewSpanInTheSchedulersTrace() throws Exception {
    String id;
    Span request = otel.getTracer("test").spanBuilder("request").startSpan();
    try (Plumb first = plumb()) {
      Scope scope = request.makeCurrent();
      try {
        id = first.workflows().schedule("Waiting", 1, ScheduleOptions.id("restarted"));
      } finally {
        scope.close();
        request.end();
      }
      await()
          .until(
              () ->
                  "waiting"
                      .equals(
                          first
                              .workflows()
                              .get(id)
                              .map(s -> s.readCustomStatusAs(String.class))
                              .orElse(null)));
    }
    try (Plumb second = plumb()) {
      second.workflows().raiseEvent(id, "more", 10);
      assertThat(
              second
                  .workflows()
                  .waitForCompletion(id, Duration.ofSeconds(10))
                  .readOutputAs(Integer.class))
          .isEqualTo(13);
      await()
          .until(() -> spans("workflow Waiting").size() == 2 && spans("activity Inc").size() == 2);
      SpanData before = spans("workflow Waiting").get(0);
      SpanData after = spans("workflow Waiting").get(1);
      assertThat(before.getAttributes().get(STATUS)).isNull();
      assertThat(after.getAttributes().get(STATUS)).isEqualTo("COMPLETED");
      assertThat(spans("activity Inc").get(0).getParentSpanId()).isEqualTo(before.getSpanId());
      assertThat(spans("activity Inc").get(1).getParentSpanId()).isEqualTo(after.getSpanId());
      // The traceparent recorded with the start: both runs' spans are the request's children.
      String trace = request.getSpanContext().getTraceId();
      assertThat(List.of(before, after, spans("activity Inc").get(1)))
          .allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(trace));
      assertThat(after.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
      assertThat(count("plumb.workflow.completed", workflow("Waiting"))).isEqualTo(1);
    }
  }

  @Test
  void theBacklogCountsArmedTimers() throws Exception {
    try (Plumb plumb = plumb()) {
      Workflows wf = plumb.workflows();
      String id = wf.schedule("Sleepy", 3, ScheduleOptions.id("sleepy"));
      await().until(() -> backlog("timer") == 1);
      scheduler.advance(Duration.ofMinutes(5));
      assertThat(wf.waitForCompletion(id, Duration.ofSeconds(10)).readOutputAs(Integer.class))
          .isEqualTo(3);
      assertThat(backlog("timer")).isZero();
      assertThat(backlog("activity")).isZero();
    }
  }

  private long backlog(String work) {
    return metric("plumb.workflow.backlog").getLongGaugeData().getPoints().stream()
        .filter(p -> work.equals(p.getAttributes().get(WORK)))
        .mapToLong(LongPointData::getValue)
        .sum();
  }

  @Test
  void closingTheEngineEndsTheSpansOfUnfinishedRuns() throws Exception {
    try (Plumb plumb = plumb()) {
      plumb.workflows().schedule("Sleepy", 1, ScheduleOptions.id("unfinished"));
      await().until(() -> backlog("timer") == 1);
    }
    SpanData run = spans("workflow Sleepy").get(0);
    assertThat(run.getAttributes().get(INSTANCE_ID)).isEqualTo("unfinished");
    assertThat(run.getAttributes().get(STATUS)).isNull();
  }

  @Test
  void aRunWhoseStartCommitFailedOnceIsCountedOnce() throws Exception {
    ControlledStore flaky = new ControlledStore();
    flaky.failNextStart.set(true);
    try (Plumb plumb =
        Plumb.builder()
            .appId("telemetry")
            .scheduler(scheduler)
            .workflowStore(flaky)
            .openTelemetry(otel)
            .workflow(WorkflowDefinition.of("Echo", Integer.class, Integer.class, (ctx, in) -> in))
            .build()) {
      Workflows wf = plumb.workflows();
      String id = wf.schedule("Echo", 1);
      // The first try of the start step failed; the instance backs off on the scheduler.
      await().until(() -> !flaky.failNextStart.get());
      await()
          .until(
              () -> {
                scheduler.advance(Duration.ofSeconds(1));
                return wf.get(id).orElseThrow().status() == WorkflowStatus.COMPLETED;
              });
      assertThat(count("plumb.workflow.started", workflow("Echo"))).isEqualTo(1);
      assertThat(count("plumb.workflow.completed", workflow("Echo"))).isEqualTo(1);
    }
  }
}
