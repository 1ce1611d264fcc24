package dev.plumb.benchmarks.workflow;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.plumb.api.workflow.ActivityDefinition;
import dev.plumb.api.workflow.WorkflowDefinition;
import dev.plumb.api.workflow.Workflows;
import dev.plumb.runtime.Plumb;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
import redis.clients.jedis.JedisPooled;

/**
 * Workflows of five chained activities, {@value #IN_FLIGHT} in flight, in workflows per second:
 * Plumb's engine (in memory, or durable on PostgreSQL and on Redis through their native workflow
 * stores) against the raw floor of the same work: in memory, five chained {@code CompletableFuture}
 * stages per workflow; durable, the six sequential writes a durable run needs at the least (start
 * and five steps), as single-statement JDBC upserts or Jedis {@code SET}s. At the end of each trial
 * it prints step latency percentiles: Plumb's activity hand-off (from an activity's end to the
 * start of the next one of the same instance, the step between them committed) and the raw floor's
 * single-statement commit time, warm-up included. Servers: {@code PLUMB_POSTGRES_URL}, {@code
 * PLUMB_REDIS_URL}. The in-memory case's peer, Temporal's test environment, is {@link
 * TemporalWorkflowChainBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class WorkflowChainBenchmark {
  static final int IN_FLIGHT = 100;
  static final int STEPS = 5;

  @Param({"memory", "postgresql", "redis"})
  public String store;

  private Plumb plumb;
  private Workflows workflows;
  private ExecutorService pool;
  private ExecutorService callers;
  private HikariDataSource dataSource;
  private JedisPooled jedis;
  private String table;
  private String jdbc;
  private String user;
  // Step latency: from an activity's end to the start of the next one of the same instance (the
  // step between them committed), and the raw floor's single-statement commit time, in ns.
  private final Map<String, Long> activityEnds = new ConcurrentHashMap<>();
  private final Latencies handoffs = new Latencies();
  private final Latencies rawCommits = new Latencies();

  /** Starts Plumb on the store and the raw clients. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    String app = "wfbench" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    Plumb.Builder b = Plumb.builder().appId(app);
    Map<String, String> md = new HashMap<>();
    md.put("actorStateStore", "true");
    pool = Executors.newFixedThreadPool(16);
    callers = Executors.newFixedThreadPool(IN_FLIGHT);
    if (store.equals("postgresql")) {
      String url =
          System.getenv()
              .getOrDefault("PLUMB_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test");
      md.put("connectionString", url);
      md.put("tablePrefix", app + "_");
      md.put("metadataTableName", app + "_meta");
      b.component("workflowstore", "state.postgresql", "v2", md);
      URI u = URI.create(url.replaceFirst("^postgres", "http"));
      jdbc = "jdbc:postgresql://" + u.getHost() + ":" + u.getPort() + u.getPath();
      user = u.getUserInfo();
      HikariConfig c = new HikariConfig();
      c.setJdbcUrl(jdbc);
      c.setUsername(user);
      c.setMaximumPoolSize(16);
      dataSource = new HikariDataSource(c);
      table = app + "_raw";
      try (Connection conn = dataSource.getConnection();
          Statement st = conn.createStatement()) {
        st.execute("CREATE TABLE " + table + " (key text PRIMARY KEY, value bytea NOT NULL)");
      }
    } else if (store.equals("redis")) {
      URI u = URI.create(System.getenv().getOrDefault("PLUMB_REDIS_URL", "redis://127.0.0.1:6379"));
      int port = u.getPort() > 0 ? u.getPort() : 6379;
      md.put("redisHost", u.getHost() + ":" + port);
      b.component("workflowstore", "state.redis", "v1", md);
      jedis = new JedisPooled(u.getHost(), port);
      table = app;
    }
    plumb =
        b.activity(
                ActivityDefinition.of(
                    "Add1",
                    Integer.class,
                    Integer.class,
                    (ctx, in) -> {
                      Long end = activityEnds.get(ctx.workflowInstanceId());
                      if (end != null) {
                        handoffs.add(System.nanoTime() - end);
                      }
                      activityEnds.put(ctx.workflowInstanceId(), System.nanoTime());
                      return in + 1;
                    }))
            .workflow(
                WorkflowDefinition.of(
                    "Chain",
                    Integer.class,
                    Integer.class,
                    (ctx, in) -> {
                      int v = in;
                      for (int i = 0; i < STEPS; i++) {
                        v = ctx.callActivity("Add1", v, Integer.class).await();
                      }
                      return v;
                    }))
            .build();
    workflows = plumb.workflows();
  }

  /** Closes everything and drops the tables. */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    handoffs.print(store + " activity hand-off (activity end to next activity start)");
    rawCommits.print(store + " raw single-statement commit");
    plumb.close();
    pool.shutdownNow();
    callers.shutdownNow();
    if (dataSource != null) {
      try (Connection conn = dataSource.getConnection();
          Statement st = conn.createStatement()) {
        st.execute("DROP TABLE IF EXISTS " + table);
        st.execute("DROP TABLE IF EXISTS " + plumbTable("state"));
        for (String t :
            List.of("instances", "history", "work", "signals", "leases", "members", "epochs")) {
          st.execute("DROP TABLE IF EXISTS " + plumbTable("state_wf_" + t));
        }
        st.execute("DROP TABLE IF EXISTS " + plumbTable("meta"));
      }
      dataSource.close();
    }
    if (jedis != null) {
      jedis.close();
    }
  }

  /** Latency samples of a trial, printed as percentiles at its end. */
  private static final class Latencies {
    private final List<Long> samples = new ArrayList<>();

    synchronized void add(long nanos) {
      if (samples.size() < 2_000_000) {
        samples.add(nanos);
      }
    }

    synchronized void print(String what) {
      if (samples.isEmpty()) {
        return;
      }
      List<Long> s = new ArrayList<>(samples);
      Collections.sort(s);
      System.out.printf(
          "%n%s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms (%d samples)%n",
          what,
          s.get(s.size() / 2) / 1e6,
          s.get(s.size() * 9 / 10) / 1e6,
          s.get(s.size() * 99 / 100) / 1e6,
          s.size());
    }
  }

  private String plumbTable(String suffix) {
    return table.substring(0, table.length() - "_raw".length()) + "_" + suffix;
  }

  /**
   * Plumb: {@value #IN_FLIGHT} callers each schedule a workflow and wait for its completion, as
   * concurrent requests of a service would; sequential scheduling would keep far fewer in flight.
   *
   * @throws Exception if one does not complete
   */
  @Benchmark
  @OperationsPerInvocation(IN_FLIGHT)
  public void plumb() throws Exception {
    List<CompletableFuture<?>> all = new ArrayList<>(IN_FLIGHT);
    for (int i = 0; i < IN_FLIGHT; i++) {
      int input = i;
      all.add(
          CompletableFuture.supplyAsync(
              () -> {
                String id = workflows.schedule("Chain", input);
                try {
                  return workflows.waitForCompletion(id, Duration.ofMinutes(1));
                } catch (TimeoutException | InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              },
              callers));
    }
    CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(1, TimeUnit.MINUTES);
  }

  /**
   * Plumb, one workflow at a time: its hand-off percentiles are the step latency without queueing
   * behind other workflows' steps.
   *
   * @throws Exception if it does not complete
   */
  @Benchmark
  public void plumbOneAtATime() throws Exception {
    workflows.waitForCompletion(workflows.schedule("Chain", 0), Duration.ofMinutes(1));
  }

  /**
   * The raw floor: the same chain of work, {@value #IN_FLIGHT} in flight.
   *
   * @throws Exception if a write fails
   */
  @Benchmark
  @OperationsPerInvocation(IN_FLIGHT)
  public void raw() throws Exception {
    List<CompletableFuture<Integer>> all = new ArrayList<>(IN_FLIGHT);
    for (int i = 0; i < IN_FLIGHT; i++) {
      String id = UUID.randomUUID().toString();
      CompletableFuture<Integer> f = CompletableFuture.supplyAsync(() -> write(id, 0, 0), pool);
      for (int s = 1; s <= STEPS; s++) {
        int step = s;
        f = f.thenApplyAsync(v -> write(id, step, v + 1), pool);
      }
      all.add(f);
    }
    CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(1, TimeUnit.MINUTES);
  }

  private int write(String id, int step, int value) {
    byte[] bytes = ("{\"step\":" + step + ",\"value\":" + value + "}").getBytes();
    long start = System.nanoTime();
    try {
      if (dataSource != null) {
        try (Connection c = dataSource.getConnection();
            PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO "
                        + table
                        + " (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value ="
                        + " EXCLUDED.value")) {
          ps.setString(1, id);
          ps.setBytes(2, bytes);
          ps.executeUpdate();
        }
      } else if (jedis != null) {
        jedis.set((table + "||" + id).getBytes(), bytes);
      }
      if (dataSource != null || jedis != null) {
        rawCommits.add(System.nanoTime() - start);
      }
      return value;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
