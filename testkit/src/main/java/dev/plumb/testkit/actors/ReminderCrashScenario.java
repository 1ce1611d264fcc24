package dev.plumb.testkit.actors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.actors.ActorContext;
import dev.plumb.api.actors.ActorReminder;
import dev.plumb.api.actors.ActorType;
import dev.plumb.api.actors.Remindable;
import dev.plumb.api.actors.Schedule;
import dev.plumb.runtime.Plumb;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crash scenario every durable actor state store runs: a child JVM registers {@value #COUNT}
 * reminders on the store, starts firing them, and is killed with {@code SIGKILL} ({@code kill -9})
 * in the middle; then this JVM, on the same store, fires every reminder the child had not, at least
 * once. Reminders fired twice (by the child, whose completion the kill lost, and again here) are
 * counted and printed: at-least-once allows them, and their number shows how much a crash costs.
 *
 * <p>The child runs with the test JVM's class path, so the store's provider and {@code
 * plumb-actors} must be on it. Every wait is bounded; the child is always killed.
 */
public final class ReminderCrashScenario {
  private static final Logger LOG = LoggerFactory.getLogger(ReminderCrashScenario.class);

  /** How many reminders the child registers. */
  public static final int COUNT = 1_000;

  private static final String TYPE = "CrashActor";
  private static final String REGISTERED = "REGISTERED";

  private ReminderCrashScenario() {}

  /**
   * Runs the scenario.
   *
   * @param componentType the actor state store's type, such as {@code state.redis}
   * @param version its version
   * @param metadata its metadata, without {@code actorStateStore}
   * @param workDir a folder for the child's fire log and output
   * @throws Exception if the child cannot be started or the store fails
   */
  public static void run(
      String componentType, String version, Map<String, String> metadata, Path workDir)
      throws Exception {
    String appId = "crash-" + Long.toHexString(System.nanoTime());
    Path log = workDir.resolve("fired-by-child.log");
    Path output = workDir.resolve("child-output.log");
    Files.deleteIfExists(log);
    // Firing starts once registration is surely done, and is spread over 3 s, so the kill lands
    // in the middle of it.
    Instant firstDue = Instant.now().plusSeconds(8);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ReminderCrashScenario.class.getName());
    command.add(appId);
    command.add(componentType);
    command.add(version);
    command.add(log.toString());
    command.add(firstDue.toString());
    metadata.forEach((k, v) -> command.add(k + "=" + v));
    Process child =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(output.toFile()))
            .start();
    try {
      CompletableFuture<Boolean> registered = new CompletableFuture<>();
      Thread reader =
          new Thread(() -> registered.complete(awaitLine(child, REGISTERED)), "crash-child-output");
      reader.setDaemon(true);
      reader.start();
      assertThat(registered.get(60, TimeUnit.SECONDS))
          .as("the child registered %d reminders (its output: %s)", COUNT, output)
          .isTrue();
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> lines(log).size() >= COUNT / 5);
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    List<String> firedByChild = lines(log);
    assertThat(firedByChild.size()).as("fired before the kill").isLessThan(COUNT);

    Map<String, AtomicInteger> firedHere = new ConcurrentHashMap<>();
    Plumb.Builder b =
        Plumb.builder()
            .appId(appId)
            .component("actorstore", componentType, version, withActorStateStore(metadata))
            .actor(
                ActorType.builder(
                        CrashActor.class,
                        ctx ->
                            new CrashActorImpl(
                                ctx,
                                name ->
                                    firedHere
                                        .computeIfAbsent(name, k -> new AtomicInteger())
                                        .incrementAndGet()))
                    .name(TYPE)
                    .build());
    Set<String> all = new TreeSet<>();
    for (int i = 0; i < COUNT; i++) {
      all.add(reminderId(i));
    }
    Plumb plumb = b.build();
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                Set<String> seen = new TreeSet<>(firedByChild);
                seen.addAll(firedHere.keySet());
                return seen.containsAll(all);
              });
    } finally {
      plumb.close();
    }
    Map<String, Integer> times = new HashMap<>();
    firedByChild.forEach(r -> times.merge(r, 1, Integer::sum));
    firedHere.forEach((r, n) -> times.merge(r, n.get(), Integer::sum));
    long duplicates = times.values().stream().mapToLong(n -> n - 1).sum();
    assertThat(times.keySet()).as("every reminder fired at least once").containsAll(all);
    LOG.info(
        "reminder crash on {}: {} registered, {} fired before kill -9, {} fired after restart,"
            + " {} fired twice (at least once allows it)",
        componentType,
        COUNT,
        firedByChild.size(),
        firedHere.size(),
        duplicates);
  }

  private static Map<String, String> withActorStateStore(Map<String, String> metadata) {
    Map<String, String> md = new LinkedHashMap<>(metadata);
    md.put("actorStateStore", "true");
    return md;
  }

  private static String reminderId(int i) {
    return "a" + (i % 100) + "/r" + i;
  }

  private static boolean awaitLine(Process p, String expected) {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.equals(expected)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private static List<String> lines(Path log) throws IOException {
    if (!Files.exists(log)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      // A line the kill cut short is not a firing the child completed.
      if (!l.isEmpty() && l.endsWith(";")) {
        out.add(l.substring(0, l.length() - 1));
      }
    }
    return out;
  }

  /**
   * The child JVM: registers the reminders, says {@code REGISTERED}, and fires them, appending each
   * firing to the log, until it is killed.
   *
   * @param args app id, component type, version, log file, first due time, then metadata as {@code
   *     key=value}
   * @throws Exception if the store fails
   */
  public static void main(String[] args) throws Exception {
    String appId = args[0];
    Path log = Path.of(args[3]);
    Instant firstDue = Instant.parse(args[4]);
    Map<String, String> md = new LinkedHashMap<>();
    for (int i = 5; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      md.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    Plumb plumb =
        Plumb.builder()
            .appId(appId)
            .component("actorstore", args[1], args[2], withActorStateStore(md))
            .actor(
                ActorType.builder(
                        CrashActor.class, ctx -> new CrashActorImpl(ctx, name -> append(log, name)))
                    .name(TYPE)
                    .build())
            .build();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<CompletableFuture<Void>> registrations = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      int n = i;
      registrations.add(
          CompletableFuture.runAsync(
              () ->
                  plumb
                      .actors()
                      .registerReminder(
                          TYPE,
                          "a" + (n % 100),
                          "r" + n,
                          Schedule.at(firstDue.plusMillis(3L * n)),
                          null),
              pool));
    }
    CompletableFuture.allOf(registrations.toArray(new CompletableFuture<?>[0])).join();
    pool.shutdown();
    System.out.println(REGISTERED);
    System.out.flush();
    // Fire until killed; the parent bounds this with its own timeout.
    new CompletableFuture<Void>().join();
  }

  private static void append(Path log, String reminder) {
    try {
      // One small O_APPEND write per firing: whole lines, whichever thread writes.
      Files.write(
          log,
          (reminder + ";\n").getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The actor of the scenario: a reminder's firing is reported by name. */
  public interface CrashActor {
    /**
     * Does nothing; the actor only receives reminders.
     *
     * @return {@code true}
     */
    boolean alive();
  }

  private static final class CrashActorImpl implements CrashActor, Remindable {
    private final ActorContext ctx;
    private final Consumer<String> fired;

    CrashActorImpl(ActorContext ctx, Consumer<String> fired) {
      this.ctx = ctx;
      this.fired = fired;
    }

    @Override
    public boolean alive() {
      return true;
    }

    @Override
    public void receiveReminder(ActorReminder reminder) {
      fired.accept(ctx.id() + "/" + reminder.name());
    }
  }
}
