package dev.plumb.benchmarks.pubsub;

import dev.plumb.api.pubsub.DeliveryResult;
import dev.plumb.api.pubsub.PubSub;
import dev.plumb.api.pubsub.PublishOptions;
import dev.plumb.api.pubsub.SubscribeOptions;
import dev.plumb.runtime.Plumb;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Publish-to-handler through {@code pubsub.in-memory} and the whole runtime (envelope, dispatcher,
 * routing, invoker, typed decoding), one publishing thread:
 *
 * <ul>
 *   <li>{@code throughput}: events per second in steady state. The broker's bounded queue makes
 *       publishing wait for the handlers once it is full, so the publish rate is the delivery rate.
 *       Goal: at least 1,000,000/s with raw payloads, 300,000/s with CloudEvent envelopes.
 *   <li>{@code latency}: one event published and waited for until its handler ran (p50 reported).
 * </ul>
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InMemoryPubSubBenchmark {
  /** {@code raw}: payload bytes without envelope; {@code envelope}: Dapr's CloudEvent JSON. */
  @Param({"raw", "envelope"})
  public String mode;

  /** A small order, as JSON in envelope mode. */
  public record Order(String id, int quantity) {}

  private Plumb plumb;
  private PubSub pubsub;
  private PublishOptions options;
  private Object payload;
  private final AtomicLong handled = new AtomicLong();
  private static int runs;

  /** Builds the instance and its subscription. */
  @Setup(Level.Trial)
  public void setUp() {
    String name = "bench-" + (++runs);
    plumb =
        Plumb.builder()
            .appId("bench")
            .component(name, "pubsub.in-memory", Map.of())
            .shutdownGracePeriod(java.time.Duration.ZERO)
            .build();
    pubsub = plumb.pubSub(name);
    boolean raw = mode.equals("raw");
    options = PublishOptions.builder().rawPayload(raw).build();
    payload = raw ? new byte[] {1, 2, 3, 4, 5, 6, 7, 8} : new Order("order-1", 3);
    SubscribeOptions subscribe = SubscribeOptions.builder().rawPayload(raw).build();
    if (raw) {
      pubsub.subscribe(
          "orders",
          byte[].class,
          e -> {
            handled.incrementAndGet();
            return DeliveryResult.SUCCESS;
          },
          subscribe);
    } else {
      pubsub.subscribe(
          "orders",
          Order.class,
          e -> {
            handled.incrementAndGet();
            return DeliveryResult.SUCCESS;
          },
          subscribe);
    }
  }

  /** Closes the instance. */
  @TearDown(Level.Trial)
  public void tearDown() {
    plumb.close();
  }

  /**
   * Publishes one event; in steady state as fast as handlers take them.
   *
   * @return a value JMH keeps
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public long throughput() {
    pubsub.publish("orders", payload, options);
    return handled.get();
  }

  /**
   * Publishes one event and waits until its handler ran.
   *
   * @return the handled count
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long latency() {
    long target = handled.get() + 1;
    pubsub.publish("orders", payload, options);
    long n;
    while ((n = handled.get()) < target) {
      LockSupport.parkNanos(100);
    }
    return n;
  }
}
