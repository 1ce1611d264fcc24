package dev.plumb.benchmarks.actors;

import dev.plumb.api.actors.ActorContext;
import dev.plumb.api.actors.ActorReminder;
import dev.plumb.api.actors.ActorType;
import dev.plumb.api.actors.Remindable;
import dev.plumb.api.actors.Schedule;
import dev.plumb.runtime.Plumb;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reminder fires per second on Redis and on PostgreSQL, the native reminder stores (goal: at least
 * 15,500/s, Dapr 1.17's published 15,463/s). Before each measured round, {@value #REMINDERS}
 * one-shot reminders of {@value #ACTORS} actors are registered an hour ahead; the round starts a
 * {@code Plumb} whose clock is an hour later, so all of them are due, and ends when every one has
 * fired: the engine scans the due ones, activates each actor, runs its reminder turn, and records
 * every firing in the store. Servers: {@code PLUMB_REDIS_URL} and {@code PLUMB_POSTGRES_URL}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class ReminderFiresBenchmark {
  static final int REMINDERS = 20_000;
  static final int ACTORS = 5_000;

  @Param({"redis", "postgresql"})
  public String store;

  private String type;
  private String version;
  private Map<String, String> metadata;
  private String appId;
  private Plumb firing;
  private CountDownLatch fired;

  /** A reminder's firing counts down the round's latch. */
  public interface Sleeper {
    /**
     * Nothing: the actor only receives reminders.
     *
     * @return {@code true}
     */
    boolean awake();
  }

  /** The sleeper as a plain object. */
  static final class SleeperImpl implements Sleeper, Remindable {
    private final CountDownLatch fired;

    SleeperImpl(ActorContext ctx, CountDownLatch fired) {
      this.fired = fired;
    }

    @Override
    public boolean awake() {
      return true;
    }

    @Override
    public void receiveReminder(ActorReminder reminder) {
      fired.countDown();
    }
  }

  /** Names the store's component and its metadata. */
  @Setup(Level.Trial)
  public void setUpStore() {
    metadata = new HashMap<>();
    metadata.put("actorStateStore", "true");
    if (store.equals("redis")) {
      URI url =
          URI.create(System.getenv().getOrDefault("PLUMB_REDIS_URL", "redis://127.0.0.1:6379"));
      type = "state.redis";
      version = "v1";
      metadata.put("redisHost", url.getHost() + ":" + (url.getPort() > 0 ? url.getPort() : 6379));
    } else {
      type = "state.postgresql";
      version = "v2";
      metadata.put(
          "connectionString",
          System.getenv()
              .getOrDefault("PLUMB_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test"));
      String prefix =
          "plumb_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
      metadata.put("tablePrefix", prefix + "_");
      metadata.put("metadataTableName", prefix + "_meta");
    }
  }

  /** Drops the benchmark's tables. */
  @TearDown(Level.Trial)
  public void tearDownStore() throws Exception {
    if (store.equals("postgresql")) {
      URI url = URI.create(metadata.get("connectionString").replaceFirst("^postgres", "http"));
      String jdbc = "jdbc:postgresql://" + url.getHost() + ":" + url.getPort() + url.getPath();
      try (Connection c = DriverManager.getConnection(jdbc, url.getUserInfo(), null);
          Statement st = c.createStatement()) {
        String prefix = metadata.get("tablePrefix");
        st.execute("DROP TABLE IF EXISTS " + prefix + "state_reminders");
        st.execute("DROP TABLE IF EXISTS " + prefix + "state");
        st.execute("DROP TABLE IF EXISTS " + metadata.get("metadataTableName"));
      }
    }
  }

  private Plumb.Builder plumb(CountDownLatch latch) {
    return Plumb.builder()
        .appId(appId)
        .component("actorstore", type, version, metadata)
        .actor(
            ActorType.builder(Sleeper.class, ctx -> new SleeperImpl(ctx, latch))
                .name("Sleeper")
                .build());
  }

  /**
   * Registers the round's reminders an hour ahead, then builds the instance that will fire them, an
   * hour later, not yet started.
   */
  @Setup(Level.Invocation)
  public void register() throws Exception {
    appId = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    Instant due = Instant.now().plus(Duration.ofHours(1));
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try (Plumb registering = plumb(new CountDownLatch(0)).build()) {
      List<CompletableFuture<Void>> done = new ArrayList<>();
      for (int i = 0; i < REMINDERS; i++) {
        int n = i;
        done.add(
            CompletableFuture.runAsync(
                () ->
                    registering
                        .actors()
                        .registerReminder(
                            "Sleeper", "s" + (n % ACTORS), "r" + n, Schedule.at(due), null),
                pool));
      }
      CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0])).join();
    } finally {
      pool.shutdown();
    }
    fired = new CountDownLatch(REMINDERS);
    firing =
        plumb(fired)
            .clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(1).plusSeconds(1)))
            .deferStart()
            .build();
  }

  /** Closes the round's instance. */
  @TearDown(Level.Invocation)
  public void close() {
    firing.close();
  }

  /**
   * Starts the instance and waits until every reminder has fired.
   *
   * @throws InterruptedException if interrupted
   */
  @Benchmark
  @OperationsPerInvocation(REMINDERS)
  public void fireAll() throws InterruptedException {
    firing.start();
    if (!fired.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException(fired.getCount() + " reminders did not fire");
    }
  }
}
