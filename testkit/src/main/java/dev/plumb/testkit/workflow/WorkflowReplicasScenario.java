package dev.plumb.testkit.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.workflow.WorkflowState;
import dev.plumb.api.workflow.WorkflowStatus;
import dev.plumb.api.workflow.Workflows;
import dev.plumb.runtime.Plumb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two replicas of one application on one store, one killed mid-run: two child JVMs run the same
 * workflows of five chained activities (the {@link WorkflowCrashScenario}'s), sharing the store's
 * partitions through their leases; once a fifth of the activities ran, one is killed with {@code
 * SIGKILL}. The other must take over the dead one's partitions when its leases expire and finish
 * every workflow, and no instance may have run on two owners at once: read from the store, the
 * lease epochs its steps were committed under never go down from one step to the next. This JVM
 * only watches (its {@code Plumb} is never started, so it holds no partition).
 *
 * <p>The children run with the test JVM's class path, so the store's provider and {@code
 * plumb-workflow} must be on it. Every wait is bounded; every child is killed.
 */
public final class WorkflowReplicasScenario {
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowReplicasScenario.class);

  /** Reads the fencing data a store keeps: per instance, the lease epoch of each step in order. */
  @FunctionalInterface
  public interface StepEpochs {
    /**
     * Reads the epochs.
     *
     * @param appId the application whose instances to read
     * @return instance id to the epochs of its steps, in step order
     * @throws Exception if the store fails
     */
    Map<String, List<Long>> read(String appId) throws Exception;
  }

  private WorkflowReplicasScenario() {}

  /**
   * Runs the scenario.
   *
   * @param componentType the store's component type, such as {@code state.postgresql}
   * @param version its version
   * @param metadata its metadata, without {@code actorStateStore}
   * @param workDir a folder for the activity log and the children's output
   * @param workflows how many workflows
   * @param stepEpochs reads the store's fencing data
   * @throws Exception if a child cannot be started or the store fails
   */
  public static void run(
      String componentType,
      String version,
      Map<String, String> metadata,
      Path workDir,
      int workflows,
      StepEpochs stepEpochs)
      throws Exception {
    String appId = "wfreplicas-" + Long.toHexString(System.nanoTime());
    Path log = workDir.resolve("activities.log");
    Path output = workDir.resolve("children-output.log");
    Files.deleteIfExists(log);
    int steps = WorkflowCrashScenario.STEPS;
    Process first =
        WorkflowCrashScenario.launch(
            appId, componentType, version, metadata, log, output, workflows);
    Process second = null;
    int ranBeforeKill;
    try {
      WorkflowCrashScenario.awaitStarted(first, output);
      second =
          WorkflowCrashScenario.launch(
              appId, componentType, version, metadata, log, output, workflows);
      WorkflowCrashScenario.awaitStarted(second, output);
      Awaitility.await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(5))
          .until(() -> WorkflowCrashScenario.lines(log).size() >= workflows * steps / 5);
      WorkflowCrashScenario.pause(new Random(7).nextInt(400));
      WorkflowCrashScenario.kill(first);
      ranBeforeKill = WorkflowCrashScenario.lines(log).size();
      // A watcher only: deferred, its engine never starts, so it holds no partition.
      try (Plumb watcher =
          WorkflowCrashScenario.register(
              Plumb.builder().appId(appId).deferStart(), componentType, version, metadata, log)) {
        Workflows wf = watcher.workflows();
        Awaitility.await()
            .atMost(Duration.ofSeconds(180))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> WorkflowCrashScenario.completed(wf) == workflows);
        for (int i = 0; i < workflows; i++) {
          String id = WorkflowCrashScenario.id(i);
          WorkflowState s = wf.get(id).orElseThrow();
          assertThat(s.status()).as(id).isEqualTo(WorkflowStatus.COMPLETED);
          assertThat(s.readOutputAs(Integer.class)).as(id).isEqualTo(i + steps);
        }
      }
    } finally {
      WorkflowCrashScenario.kill(first);
      if (second != null) {
        WorkflowCrashScenario.kill(second);
      }
    }
    Map<String, Integer> runs = new HashMap<>();
    WorkflowCrashScenario.lines(log).forEach(key -> runs.merge(key, 1, Integer::sum));
    assertThat(runs).as("every activity ran under its own key").hasSize(workflows * steps);
    Map<String, List<Long>> epochs = stepEpochs.read(appId);
    assertThat(epochs).as("fencing data of every instance").hasSize(workflows);
    Map<Long, Integer> stepsByEpoch = new TreeMap<>();
    epochs.forEach(
        (id, list) -> {
          for (int i = 1; i < list.size(); i++) {
            assertThat(list.get(i))
                .as("instance %s: step %d's lease epoch after step %d's (%s)", id, i, i - 1, list)
                .isGreaterThanOrEqualTo(list.get(i - 1));
          }
          list.forEach(e -> stepsByEpoch.merge(e, 1, Integer::sum));
        });
    stepsByEpoch.remove(0L);
    assertThat(stepsByEpoch.size())
        .as("steps were committed under more than one lease: %s", stepsByEpoch)
        .isGreaterThanOrEqualTo(2);
    long twice = runs.values().stream().filter(n -> n > 1).count();
    LOG.info(
        "workflow replicas on {}: {} workflows x {} activities on two JVMs, one killed with"
            + " kill -9 after {} activity runs; every workflow completed once, no instance's"
            + " steps interleaved two owners; steps per lease epoch {}; {} activities ran more"
            + " than once (at least once allows it)",
        componentType,
        workflows,
        steps,
        ranBeforeKill,
        stepsByEpoch,
        twice);
  }
}
