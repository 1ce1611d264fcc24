package dev.plumb.benchmarks.workflow;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * The peer of {@link WorkflowChainBenchmark}'s in-memory case: the same workflow of five chained
 * activities, {@value WorkflowChainBenchmark#IN_FLIGHT} in flight, on Temporal's {@code
 * TestWorkflowEnvironment} (its in-memory test server and a worker with default options, over
 * in-process gRPC in this JVM), in workflows per second. Time skipping is off: the workflow has no
 * timers to skip, and with it on the test server locks and unlocks its clock around every client
 * call, which Plumb has no counterpart for.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class TemporalWorkflowChainBenchmark {
  private static final String TASK_QUEUE = "chain";

  /** The workflow: five chained {@link Add1#add1} calls. */
  @WorkflowInterface
  public interface Chain {
    /**
     * Runs the chain.
     *
     * @param start the first input
     * @return {@code start + 5}
     */
    @WorkflowMethod
    Integer run(Integer start);
  }

  /** The activity: the same trivial work as Plumb's {@code Add1}. */
  @ActivityInterface
  public interface Add1 {
    /**
     * Adds one.
     *
     * @param in the input
     * @return {@code in + 1}
     */
    Integer add1(Integer in);
  }

  /** The workflow's implementation; Temporal instantiates it per run. */
  public static final class ChainImpl implements Chain {
    private final Add1 activity =
        Workflow.newActivityStub(
            Add1.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());

    @Override
    public Integer run(Integer start) {
      int v = start;
      for (int i = 0; i < WorkflowChainBenchmark.STEPS; i++) {
        v = activity.add1(v);
      }
      return v;
    }
  }

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private ExecutorService callers;

  /** Starts the test server and a worker for the workflow and the activity. */
  @Setup(Level.Trial)
  public void setUp() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    Worker worker = env.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(ChainImpl.class);
    worker.registerActivitiesImplementations((Add1) in -> in + 1);
    env.start();
    client = env.getWorkflowClient();
    callers = Executors.newFixedThreadPool(WorkflowChainBenchmark.IN_FLIGHT);
  }

  /** Stops the worker and the test server. */
  @TearDown(Level.Trial)
  public void tearDown() {
    callers.shutdownNow();
    env.close();
  }

  /**
   * Temporal: {@value WorkflowChainBenchmark#IN_FLIGHT} callers each run a workflow (start and wait
   * for its result), as Plumb's callers do.
   *
   * @throws Exception if one does not complete
   */
  @Benchmark
  @OperationsPerInvocation(WorkflowChainBenchmark.IN_FLIGHT)
  public void temporal() throws Exception {
    List<CompletableFuture<Integer>> all = new ArrayList<>(WorkflowChainBenchmark.IN_FLIGHT);
    for (int i = 0; i < WorkflowChainBenchmark.IN_FLIGHT; i++) {
      int input = i;
      all.add(
          CompletableFuture.supplyAsync(
              () ->
                  client
                      .newWorkflowStub(
                          Chain.class,
                          WorkflowOptions.newBuilder()
                              .setTaskQueue(TASK_QUEUE)
                              .setWorkflowId(UUID.randomUUID().toString())
                              .build())
                      .run(input),
              callers));
    }
    CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(1, TimeUnit.MINUTES);
  }
}
