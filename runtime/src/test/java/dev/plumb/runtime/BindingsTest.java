package dev.plumb.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.ComponentException;
import dev.plumb.api.ComponentNotFoundException;
import dev.plumb.api.ConfigurationException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.Subscription;
import dev.plumb.api.UnsupportedFeatureException;
import dev.plumb.api.bindings.BindingEvent;
import dev.plumb.api.bindings.BindingResponse;
import dev.plumb.api.bindings.InputBinding;
import dev.plumb.api.bindings.InputBindingOptions;
import dev.plumb.api.bindings.OutputBinding;
import dev.plumb.api.bindings.spi.InputOutputBindingComponent;
import dev.plumb.api.bindings.spi.InvokeRequest;
import dev.plumb.api.bindings.spi.OutputBindingComponent;
import dev.plumb.api.bindings.spi.ReadHandler;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The bindings block through {@link Plumb}: output invokes, input dispatch, direction, drain. */
class BindingsTest {
  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  private final ExecutorService feeder = Executors.newCachedThreadPool();

  @AfterEach
  void stopFeeder() {
    feeder.shutdownNow();
  }

  /** A queue-like binding in both directions, recording what it was asked. */
  static final class QueueBinding implements InputOutputBindingComponent {
    final List<InvokeRequest> invoked = new CopyOnWriteArrayList<>();
    final AtomicReference<ReadHandler> reader = new AtomicReference<>();
    final AtomicInteger readersOpened = new AtomicInteger();
    final AtomicInteger readersClosed = new AtomicInteger();
    final AtomicReference<BindingResponse> answer = new AtomicReference<>();

    @Override
    public Set<String> operations() {
      return Set.of("create", "get");
    }

    @Override
    public BindingResponse invoke(InvokeRequest request) {
      invoked.add(request);
      if (request.operation().equals("get")) {
        request.requireMetadata("key");
      }
      return answer.get();
    }

    @Override
    public Subscription read(ReadHandler handler) {
      readersOpened.incrementAndGet();
      reader.set(handler);
      return () -> {
        reader.set(null);
        readersClosed.incrementAndGet();
      };
    }

    /** Hands an event to the runtime on another thread, as a broker client would. */
    CompletableFuture<byte[]> deliver(ExecutorService on, String data, Map<String, String> md) {
      ReadHandler h = reader.get();
      if (h == null) {
        return CompletableFuture.failedFuture(new IllegalStateException("not reading"));
      }
      CompletableFuture<byte[]> result = new CompletableFuture<>();
      on.execute(
          () -> {
            try {
              result.complete(h.handle(new BindingEvent(bytes(data), md, null)));
            } catch (Exception e) {
              result.completeExceptionally(e);
            }
          });
      return result;
    }
  }

  /** An output-only binding. */
  static final class EchoBinding implements OutputBindingComponent {
    @Override
    public Set<String> operations() {
      return Set.of("create");
    }

    @Override
    public BindingResponse invoke(InvokeRequest request) {
      return new BindingResponse(request.data(), request.metadata(), null);
    }
  }

  private static Plumb.Builder withQueue(QueueBinding q, Map<String, String> metadata) {
    return Plumb.builder()
        .openTelemetry(OTEL.getOpenTelemetry())
        .provider(
            TestProviders.provider(
                "bindings.test.queue", InputOutputBindingComponent.class, ctx -> q))
        .component("queue", "bindings.test.queue", metadata);
  }

  private static Plumb.Builder withEcho() {
    return Plumb.builder()
        .provider(
            TestProviders.provider(
                "bindings.test.echo", OutputBindingComponent.class, ctx -> new EchoBinding()))
        .component("echo", "bindings.test.echo", Map.of());
  }

  @Test
  void anOperationTheBindingDoesNotListIsRefusedBeforeAnythingIsSent() {
    QueueBinding q = new QueueBinding();
    try (Plumb plumb = withQueue(q, Map.of()).build()) {
      OutputBinding out = plumb.outputBinding("queue");
      assertThat(out.operations()).containsExactlyInAnyOrder("create", "get");
      assertThatThrownBy(() -> out.invoke("exec", "x"))
          .isInstanceOf(UnsupportedFeatureException.class)
          .hasMessage(
              "output binding 'queue' (bindings.test.queue) does not support operation 'exec';"
                  + " supported operations: create, get");
      assertThat(out.async().invoke("exec", "x").toCompletableFuture())
          .failsWithin(Duration.ofSeconds(5))
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(UnsupportedFeatureException.class);
      assertThat(q.invoked).isEmpty();
    }
  }

  @Test
  void aMissingRequestFieldNamesTheBindingTheOperationAndTheField() {
    QueueBinding q = new QueueBinding();
    try (Plumb plumb = withQueue(q, Map.of()).build()) {
      assertThatThrownBy(() -> plumb.outputBinding("queue").invoke("get", null))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage(
              "output binding 'queue' (bindings.test.queue): operation 'get': request metadata"
                  + " 'key' is required");
    }
  }

  @Test
  void dataTravelsAsBytesTextOrJsonAndAnswersAreDecoded() {
    record Order(String id, int quantity) {}
    try (Plumb plumb = withEcho().build()) {
      OutputBinding echo = plumb.outputBinding("echo");
      assertThat(echo.invoke("create", "héllo").dataAsString()).isEqualTo("héllo");
      assertThat(echo.invoke("create", new byte[] {1, 2}).data()).containsExactly(1, 2);
      assertThat(echo.invoke("create", null).data()).isEmpty();
      assertThat(echo.invoke("create", new Order("o-1", 2)).dataAsString())
          .isEqualTo("{\"id\":\"o-1\",\"quantity\":2}");
      assertThat(echo.invoke("create", new Order("o-1", 2), Map.of(), Order.class))
          .isEqualTo(new Order("o-1", 2));
      assertThat(echo.invoke("create", "text", null, String.class)).isEqualTo("text");
      assertThat(
              echo.async()
                  .invoke("create", new Order("o-2", 3), Map.of("k", "v"), Order.class)
                  .toCompletableFuture()
                  .join())
          .isEqualTo(new Order("o-2", 3));
    }
  }

  @Test
  void anInvokeIsAClientSpanWhoseContextTravelsInTheMetadata() {
    QueueBinding q = new QueueBinding();
    try (Plumb plumb = withQueue(q, Map.of("direction", "output")).build()) {
      plumb.outputBinding("queue").invoke("create", "x", Map.of("custom", "1"));
    }
    SpanData span = OTEL.getSpans().get(0);
    assertThat(span.getName()).isEqualTo("bindings/create");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    Map<String, String> sent = q.invoked.get(0).metadata();
    assertThat(sent).containsEntry("custom", "1");
    assertThat(sent.get("traceparent"))
        .isEqualTo("00-" + span.getTraceId() + "-" + span.getSpanId() + "-01");
  }

  @Test
  void aTraceparentTheApplicationSetIsKept() {
    QueueBinding q = new QueueBinding();
    String own = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    try (Plumb plumb = withQueue(q, Map.of()).build()) {
      plumb.outputBinding("queue").invoke("create", "x", Map.of("traceparent", own));
    }
    assertThat(q.invoked.get(0).metadata()).containsEntry("traceparent", own);
  }

  @Test
  void directionDecidesWhichBlocksAComponentServes() {
    try (Plumb plumb = withQueue(new QueueBinding(), Map.of("direction", "input")).build()) {
      assertThat(plumb.inputBinding("queue").name()).isEqualTo("queue");
      assertThatThrownBy(() -> plumb.outputBinding("queue"))
          .isInstanceOf(ComponentNotFoundException.class)
          .hasMessageContaining("output binding 'queue' is not found");
    }
    try (Plumb plumb = withQueue(new QueueBinding(), Map.of("direction", "Output")).build()) {
      assertThat(plumb.outputBinding("queue").name()).isEqualTo("queue");
      assertThatThrownBy(() -> plumb.inputBinding("queue"))
          .isInstanceOf(ComponentNotFoundException.class);
    }
    try (Plumb plumb =
        withQueue(new QueueBinding(), Map.of("direction", " input , output ")).build()) {
      assertThat(plumb.inputBinding("queue")).isNotNull();
      assertThat(plumb.outputBinding("queue")).isNotNull();
    }
    try (Plumb plumb = withQueue(new QueueBinding(), Map.of()).build()) {
      assertThat(plumb.inputBinding("queue")).isNotNull();
      assertThat(plumb.outputBinding("queue")).isNotNull();
    }
  }

  @Test
  void aDirectionTheComponentCannotServeOrDoesNotKnowFailsTheBuild() {
    assertThatThrownBy(
            () ->
                Plumb.builder()
                    .provider(
                        TestProviders.provider(
                            "bindings.test.echo",
                            OutputBindingComponent.class,
                            ctx -> new EchoBinding()))
                    .component("echo", "bindings.test.echo", Map.of("direction", "input"))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("component 'echo'")
        .hasMessageContaining(
            "metadata 'direction' is 'input', but type 'bindings.test.echo' is only an output"
                + " binding");
    assertThatThrownBy(() -> withQueue(new QueueBinding(), Map.of("direction", "inbound")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(
            "metadata 'direction' must be 'input', 'output' or 'input, output', got 'inbound'");
  }

  @Test
  void readingOpensAtTheStartOnlyForASubscribedHandler() {
    QueueBinding q = new QueueBinding();
    try (Plumb plumb = withQueue(q, Map.of()).deferStart().build()) {
      List<String> got = new CopyOnWriteArrayList<>();
      plumb
          .inputBinding("queue")
          .subscribe(
              e -> {
                got.add(e.dataAsString() + "@" + Thread.currentThread().getName());
                return "ok";
              });
      assertThat(q.readersOpened).hasValue(0);
      plumb.start();
      assertThat(q.readersOpened).hasValue(1);
      byte[] reply = q.deliver(feeder, "m1", Map.of()).join();
      assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("ok");
      assertThat(got).hasSize(1);
      assertThat(got.get(0)).startsWith("m1@").doesNotContain("pool-");
    }
    assertThat(q.readersClosed).hasValue(1);
  }

  @Test
  void withoutAHandlerNothingIsReadAndALaterSubscriptionOpensAtOnce() {
    QueueBinding q = new QueueBinding();
    try (Plumb plumb = withQueue(q, Map.of()).build()) {
      assertThat(q.readersOpened).hasValue(0);
      InputBinding in = plumb.inputBinding("queue");
      Subscription s = in.subscribe(e -> null);
      assertThat(q.readersOpened).hasValue(1);
      assertThatThrownBy(() -> in.subscribe(e -> null))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already has a handler");
      s.close();
      assertThat(q.readersClosed).hasValue(1);
      assertThat(q.reader.get()).isNull();
      in.subscribe(e -> null);
      assertThat(q.readersOpened).hasValue(2);
    }
  }

  @Test
  void aFailedHandlerFailsTheEventForTheComponentAfterTheInboundRetries(@TempDir Path dir) {
    TestFiles.write(
        dir,
        "resiliency.yaml",
        "apiVersion: dapr.io/v1alpha1\nkind: Resiliency\nmetadata:\n  name: r\nspec:\n"
            + "  policies:\n    retries:\n      DefaultBindingComponentInboundRetryPolicy:\n"
            + "        policy: constant\n        duration: 1ms\n        maxRetries: 2\n");
    QueueBinding q = new QueueBinding();
    AtomicInteger calls = new AtomicInteger();
    try (Plumb plumb = withQueue(q, Map.of()).resources(dir).build()) {
      plumb
          .inputBinding("queue")
          .subscribe(
              e -> {
                calls.incrementAndGet();
                throw new IllegalArgumentException("cannot parse");
              });
      assertThat(q.deliver(feeder, "bad", Map.of()))
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(ComponentException.class)
          .withMessage("component 'queue' (bindings.test.queue): handler failed: cannot parse");
      assertThat(calls).hasValue(3);
    }
  }

  @Test
  void theHandlerSeesAtMostMaxConcurrencyEventsAtOnce() throws Exception {
    QueueBinding q = new QueueBinding();
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    try (Plumb plumb = withQueue(q, Map.of()).build()) {
      plumb
          .inputBinding("queue")
          .subscribe(
              e -> {
                most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                release.await(10, TimeUnit.SECONDS);
                inside.decrementAndGet();
                return null;
              },
              InputBindingOptions.builder().maxConcurrency(2).build());
      List<CompletableFuture<byte[]>> events = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        events.add(q.deliver(feeder, "m" + i, Map.of()));
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> inside.get() == 2);
      release.countDown();
      CompletableFuture.allOf(events.toArray(new CompletableFuture<?>[0]))
          .get(10, TimeUnit.SECONDS);
      assertThat(most).hasValue(2);
    }
  }

  @Test
  void closingDrainsTheEventsInTheHandlerAndRefusesNewOnes() throws Exception {
    QueueBinding q = new QueueBinding();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    Plumb plumb = withQueue(q, Map.of()).shutdownGracePeriod(Duration.ofSeconds(10)).build();
    ReadHandler[] captured = new ReadHandler[1];
    plumb
        .inputBinding("queue")
        .subscribe(
            e -> {
              entered.countDown();
              release.await(10, TimeUnit.SECONDS);
              finished.incrementAndGet();
              return null;
            });
    captured[0] = q.reader.get();
    CompletableFuture<byte[]> inFlight = q.deliver(feeder, "m", Map.of());
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(plumb::close, feeder);
    await().atMost(Duration.ofSeconds(5)).until(() -> q.readersClosed.get() == 1);
    assertThat(closing).isNotDone();
    assertThatThrownBy(() -> captured[0].handle(new BindingEvent(bytes("late"), Map.of(), null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("input binding 'queue' is closed");
    release.countDown();
    closing.get(10, TimeUnit.SECONDS);
    assertThat(inFlight.get(5, TimeUnit.SECONDS)).isEmpty();
    assertThat(finished).hasValue(1);
    assertThatThrownBy(() -> plumb.inputBinding("queue")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aDeliveryIsAConsumerSpanChildOfTheEventsTraceparent() {
    QueueBinding q = new QueueBinding();
    AtomicReference<String> seenTrace = new AtomicReference<>();
    String parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    try (Plumb plumb = withQueue(q, Map.of()).build()) {
      plumb
          .inputBinding("queue")
          .subscribe(
              e -> {
                seenTrace.set(Span.current().getSpanContext().getTraceId());
                return null;
              });
      q.deliver(feeder, "m", Map.of("traceparent", parent)).join();
    }
    SpanData delivery =
        OTEL.getSpans().stream().filter(s -> s.getKind() == SpanKind.CONSUMER).findFirst().get();
    assertThat(delivery.getName()).isEqualTo("bindings/handler");
    assertThat(delivery.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(delivery.getParentSpanId()).isEqualTo("b7ad6b7169203331");
    assertThat(seenTrace.get()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
