package dev.plumb.testkit.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.workflow.ActivityDefinition;
import dev.plumb.api.workflow.ScheduleOptions;
import dev.plumb.api.workflow.WorkflowAlreadyExistsException;
import dev.plumb.api.workflow.WorkflowDefinition;
import dev.plumb.api.workflow.WorkflowQuery;
import dev.plumb.api.workflow.WorkflowState;
import dev.plumb.api.workflow.WorkflowStatus;
import dev.plumb.api.workflow.Workflows;
import dev.plumb.runtime.Plumb;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crash scenario every durable workflow store runs, usable by applications' own tests: child
 * JVMs run workflows of five chained activities on the store and are killed with {@code SIGKILL}
 * ({@code kill -9}) at random points, one after the other; then this JVM, on the same store,
 * finishes them. Every workflow must complete once with the right output, and every activity must
 * have run at least once under its idempotency key; activities that ran more than once (their
 * result was lost with a killed JVM) are counted and printed, since at-least-once allows them.
 *
 * <p>The children run with the test JVM's class path, so the store's provider and {@code
 * plumb-workflow} must be on it. Every wait is bounded; every child is killed.
 */
public final class WorkflowCrashScenario {
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowCrashScenario.class);

  private static final String STARTED = "STARTED";
  static final int STEPS = 5;

  private WorkflowCrashScenario() {}

  /**
   * Runs the scenario.
   *
   * @param componentType the store's component type, such as {@code state.postgresql}
   * @param version its version
   * @param metadata its metadata, without {@code actorStateStore}
   * @param workDir a folder for the activity log and the children's output
   * @param workflows how many workflows
   * @param kills how many child JVMs are killed
   * @throws Exception if a child cannot be started or the store fails
   */
  public static void run(
      String componentType,
      String version,
      Map<String, String> metadata,
      Path workDir,
      int workflows,
      int kills)
      throws Exception {
    String appId = "wfcrash-" + Long.toHexString(System.nanoTime());
    Path log = workDir.resolve("activities.log");
    Path output = workDir.resolve("children-output.log");
    Files.deleteIfExists(log);
    Random random = new Random(42);
    for (int k = 0; k < kills; k++) {
      Process child = launch(appId, componentType, version, metadata, log, output, workflows);
      try {
        awaitStarted(child, output);
        // A random point in the middle of the work: once this child ran its share of the
        // activities (spreading the kills over the whole run), 0-400 ms later. The child waits
        // for the killed one's partition leases (2 s) before it runs anything.
        long before = lines(log).size();
        long share = Math.max(20, (long) workflows * STEPS / (kills + 1));
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(5))
            .until(() -> lines(log).size() >= Math.min(before + share, (long) workflows * STEPS));
        pause(random.nextInt(400));
      } finally {
        kill(child);
      }
    }
    int byChildren = lines(log).size();
    Plumb plumb = register(Plumb.builder().appId(appId), componentType, version, metadata, log);
    try {
      Workflows wf = plumb.workflows();
      schedule(wf, workflows);
      Awaitility.await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> completed(wf) == workflows);
      for (int i = 0; i < workflows; i++) {
        WorkflowState s = wf.get(id(i)).orElseThrow();
        assertThat(s.status()).as(id(i)).isEqualTo(WorkflowStatus.COMPLETED);
        assertThat(s.readOutputAs(Integer.class)).as(id(i)).isEqualTo(i + STEPS);
      }
    } finally {
      plumb.close();
    }
    Map<String, Integer> runs = new HashMap<>();
    lines(log).forEach(key -> runs.merge(key, 1, Integer::sum));
    assertThat(runs).as("every activity ran under its own key").hasSize(workflows * STEPS);
    long twice = runs.values().stream().filter(n -> n > 1).count();
    LOG.info(
        "workflow crash on {}: {} workflows x {} activities, {} JVMs killed with kill -9,"
            + " {} activity runs before the last restart, {} after; every workflow completed"
            + " once; {} activities ran more than once (at least once allows it)",
        componentType,
        workflows,
        STEPS,
        kills,
        byChildren,
        lines(log).size() - byChildren,
        twice);
  }

  /** How long a child's partition leases last: short, so the next child takes over soon. */
  static final long CHILD_LEASE_MILLIS = 2_000;

  /** Starts a child JVM running {@link #main} on the store. */
  static Process launch(
      String appId,
      String componentType,
      String version,
      Map<String, String> metadata,
      Path log,
      Path output,
      int workflows)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Ddev.plumb.workflow.leaseTtlMillis=" + CHILD_LEASE_MILLIS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(WorkflowCrashScenario.class.getName());
    command.add(appId);
    command.add(componentType);
    command.add(version);
    command.add(log.toString());
    command.add(Integer.toString(workflows));
    metadata.forEach((key, v) -> command.add(key + "=" + v));
    return new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(output.toFile()))
        .start();
  }

  /** Waits, at most a minute, until a child says it has started. */
  static void awaitStarted(Process child, Path output) throws Exception {
    CompletableFuture<Boolean> started = new CompletableFuture<>();
    Thread reader = new Thread(() -> started.complete(awaitLine(child)), "wf-crash-output");
    reader.setDaemon(true);
    reader.start();
    assertThat(started.get(60, TimeUnit.SECONDS))
        .as("child %s started (its output: %s)", child.pid(), output)
        .isTrue();
  }

  /** Kills a child with SIGKILL and waits for it to be gone. */
  static void kill(Process child) throws InterruptedException {
    child.destroyForcibly();
    child.waitFor(30, TimeUnit.SECONDS);
  }

  static void pause(long millis) {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    Awaitility.await()
        .atMost(Duration.ofMillis(millis + 5_000))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> System.nanoTime() >= until);
  }

  static long completed(Workflows wf) {
    long n = 0;
    String token = null;
    do {
      var page =
          wf.list(
              WorkflowQuery.all().status(WorkflowStatus.COMPLETED).pageSize(1_000).after(token));
      n += page.instances().size();
      token = page.continuationToken();
    } while (token != null);
    return n;
  }

  static String id(int i) {
    return "wf-" + i;
  }

  private static void schedule(Workflows wf, int workflows) {
    for (int i = 0; i < workflows; i++) {
      if (wf.get(id(i)).isEmpty()) {
        try {
          wf.schedule("CrashChain", i, ScheduleOptions.id(id(i)));
        } catch (WorkflowAlreadyExistsException e) {
          // scheduled by an earlier child
        }
      }
    }
  }

  static Plumb register(
      Plumb.Builder b, String type, String version, Map<String, String> md, Path log) {
    Map<String, String> withFlag = new LinkedHashMap<>(md);
    withFlag.put("actorStateStore", "true");
    return b.component("workflowstore", type, version, withFlag)
        .activity(
            ActivityDefinition.of(
                "Step",
                Integer.class,
                Integer.class,
                (ctx, in) -> {
                  append(log, ctx.idempotencyKey());
                  return in + 1;
                }))
        .workflow(
            WorkflowDefinition.of(
                "CrashChain",
                Integer.class,
                Integer.class,
                (ctx, in) -> {
                  int v = in;
                  for (int s = 0; s < STEPS; s++) {
                    v = ctx.callActivity("Step", v, Integer.class).await();
                  }
                  return v;
                }))
        .build();
  }

  private static boolean awaitLine(Process p) {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.equals(STARTED)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  static List<String> lines(Path log) throws IOException {
    if (!Files.exists(log)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      // A line the kill cut short is not a run the activity completed.
      if (!l.isEmpty() && l.endsWith(";")) {
        out.add(l.substring(0, l.length() - 1));
      }
    }
    return out;
  }

  private static void append(Path log, String key) {
    try {
      Files.write(
          log,
          (key + ";\n").getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A child JVM: opens the store (resuming what an earlier child left), schedules the workflows not
   * scheduled yet, says {@code STARTED}, and runs until killed.
   *
   * @param args app id, component type, version, activity log, workflow count, then metadata as
   *     {@code key=value}
   * @throws Exception if the store fails
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> md = new LinkedHashMap<>();
    for (int i = 5; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      md.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    Plumb plumb = register(Plumb.builder().appId(args[0]), args[1], args[2], md, Path.of(args[3]));
    System.out.println(STARTED);
    System.out.flush();
    schedule(plumb.workflows(), Integer.parseInt(args[4]));
    new CompletableFuture<Void>().join();
  }
}
