package dev.plumb.benchmarks.actors;

import dev.plumb.api.actors.Actors;
import dev.plumb.runtime.Plumb;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Activation: the first call to each of {@value #ACTORS} new actors (a proxy, the activation and
 * the call), timed per actor; then, with all of them active and idle, the heap they retain, printed
 * per actor after a full collection (goal: at most 1 KiB). The actor is the benchmarks' counter, a
 * POJO of one reference and one long; the engine's own share is the rest.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(
    value = 1,
    jvmArgs = {"-Xms2g", "-Xmx2g"})
public class ActorActivationBenchmark {
  static final int ACTORS = 100_000;

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private Plumb plumb;
  private Actors actors;
  private long baseline;
  private int round;

  /** Starts a fresh runtime for each iteration, and measures the heap it starts with. */
  @Setup(Level.Iteration)
  public void setUp() {
    plumb =
        Plumb.builder()
            .appId("bench")
            .component("actorstore", "state.in-memory", Map.of("actorStateStore", "true"))
            .actor(Counter.class, Counter.Impl::new)
            .build();
    actors = plumb.actors();
    actors.proxy(Counter.class, "warm").increment();
    baseline = usedAfterGc();
    round++;
  }

  /** Prints the heap the iteration's idle actors retain, then closes the runtime. */
  @TearDown(Level.Iteration)
  public void tearDown() {
    long retained = usedAfterGc() - baseline;
    System.out.printf(
        "%nretained heap per idle activated actor: %d bytes (%d actors)%n",
        retained / ACTORS, ACTORS);
    plumb.close();
  }

  private long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  /**
   * Activates {@value #ACTORS} actors, each with its first call.
   *
   * @return the last count
   */
  @Benchmark
  @OperationsPerInvocation(ACTORS)
  public long activate() {
    long sum = 0;
    String prefix = "r" + round + "-";
    for (int i = 0; i < ACTORS; i++) {
      sum += actors.proxy(Counter.class, prefix + i).increment();
    }
    return sum;
  }
}
