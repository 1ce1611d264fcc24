package dev.plumb.benchmarks.actors;

import dev.plumb.runtime.Plumb;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Calls to 1,000 active actors, Plumb's typed proxy against Apache Pekko typed {@code ask} in the
 * same JVM: each call adds one to a counter the actor keeps in a field and answers the new count.
 * Throughput with 64 caller threads picking actors at random (goal: Plumb at least 2x Pekko), and
 * the latency of one caller to one active actor (goal: Plumb's p50 at most 2 µs). Plumb runs on the
 * in-memory actor state store; the calls write no state, like Pekko's.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xms2g", "-Xmx2g"})
public class ActorCallBenchmark {
  private static final int ACTORS = 1_000;
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

  private Plumb plumb;
  private Counter[] counters;
  private ActorSystem<Void> system;
  private ActorRef<Increment>[] refs;

  /**
   * Pekko's message: add one and answer the count.
   *
   * @param replyTo where the count goes
   */
  public record Increment(ActorRef<Long> replyTo) {}

  private static Behavior<Increment> pekkoCounter() {
    long[] count = {0};
    return Behaviors.receive(Increment.class)
        .onMessage(
            Increment.class,
            m -> {
              m.replyTo().tell(++count[0]);
              return Behaviors.same();
            })
        .build();
  }

  /** Starts both runtimes and activates every actor once. */
  @Setup(Level.Trial)
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void setUp() throws Exception {
    plumb =
        Plumb.builder()
            .appId("bench")
            .component("actorstore", "state.in-memory", Map.of("actorStateStore", "true"))
            .actor(Counter.class, Counter.Impl::new)
            .build();
    counters = new Counter[ACTORS];
    for (int i = 0; i < ACTORS; i++) {
      counters[i] = plumb.actors().proxy(Counter.class, "c" + i);
      counters[i].increment();
    }
    refs = new ActorRef[ACTORS];
    CountDownLatch spawned = new CountDownLatch(1);
    system =
        ActorSystem.create(
            Behaviors.setup(
                ctx -> {
                  for (int i = 0; i < ACTORS; i++) {
                    refs[i] = ctx.spawn(pekkoCounter(), "c" + i);
                  }
                  spawned.countDown();
                  return Behaviors.empty();
                }),
            "bench");
    if (!spawned.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("Pekko did not spawn the actors");
    }
    for (ActorRef<Increment> ref : refs) {
      ask(ref);
    }
  }

  /** Stops both runtimes. */
  @TearDown(Level.Trial)
  public void tearDown() {
    plumb.close();
    system.terminate();
  }

  private long ask(ActorRef<Increment> ref) {
    return AskPattern.<Increment, Long>ask(ref, Increment::new, ASK_TIMEOUT, system.scheduler())
        .toCompletableFuture()
        .join();
  }

  /**
   * A call to a random active Plumb actor, 64 callers at once.
   *
   * @return the count
   */
  @Benchmark
  @Threads(64)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public long plumbCalls() {
    return counters[ThreadLocalRandom.current().nextInt(ACTORS)].increment();
  }

  /**
   * An {@code ask} to a random Pekko actor, 64 callers at once.
   *
   * @return the count
   */
  @Benchmark
  @Threads(64)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public long pekkoAsks() {
    return ask(refs[ThreadLocalRandom.current().nextInt(ACTORS)]);
  }

  /**
   * One caller's call to one active Plumb actor.
   *
   * @return the count
   */
  @Benchmark
  @Threads(1)
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long plumbLatency() {
    return counters[0].increment();
  }

  /**
   * One caller's {@code ask} to one Pekko actor.
   *
   * @return the count
   */
  @Benchmark
  @Threads(1)
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long pekkoLatency() {
    return ask(refs[0]);
  }
}
