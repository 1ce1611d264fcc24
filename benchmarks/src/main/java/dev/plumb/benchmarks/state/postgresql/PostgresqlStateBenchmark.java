package dev.plumb.benchmarks.state.postgresql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.StateStore;
import dev.plumb.runtime.Plumb;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Plumb's {@code state.postgresql} v2 store, through the public {@link StateStore} API, against raw
 * JDBC on a HikariCP pool of the same size and settings, in one run: get and save of a 1 KB value
 * (goal: Plumb at most 1.10x raw). The raw side runs the same statements on the same table without
 * etag or TTL handling. Database: {@code PLUMB_POSTGRES_URL}, default {@code
 * postgres://postgres@127.0.0.1:5432/test}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PostgresqlStateBenchmark {
  private static final int POOL_SIZE = 8;

  private Plumb plumb;
  private StateStore store;
  private HikariDataSource raw;
  private String prefix;
  private String table;
  private String metaTable;
  private byte[] value;

  /** Creates the table through the component and opens the raw pool. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    String url =
        System.getenv()
            .getOrDefault("PLUMB_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test");
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    prefix = "plumb_bench_" + id + "_";
    table = prefix + "state";
    metaTable = "plumb_bench_meta_" + id;
    plumb =
        Plumb.builder()
            .appId("bench")
            .component(
                "statestore",
                "state.postgresql",
                "v2",
                Map.of(
                    "connectionString", url,
                    "tablePrefix", prefix,
                    "metadataTableName", metaTable,
                    "maxConns", Integer.toString(POOL_SIZE)))
            .build();
    store = plumb.stateStore("statestore");
    URI u = URI.create(url.replaceFirst("^postgres(ql)?://", "http://"));
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(
        "jdbc:postgresql://"
            + u.getHost()
            + ":"
            + (u.getPort() > 0 ? u.getPort() : 5432)
            + u.getPath());
    String userInfo = u.getUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      hc.setUsername(colon >= 0 ? userInfo.substring(0, colon) : userInfo);
      if (colon >= 0) {
        hc.setPassword(userInfo.substring(colon + 1));
      }
    }
    hc.setMaximumPoolSize(POOL_SIZE);
    raw = new HikariDataSource(hc);
    value = new byte[1024];
    new Random(42).nextBytes(value);
    store.save("plumb", value);
    rawSave();
  }

  /** Drops the tables and closes both sides. */
  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    plumb.close();
    try (Connection c = raw.getConnection();
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + table);
      st.execute("DROP TABLE IF EXISTS " + metaTable);
    }
    raw.close();
  }

  /**
   * Reads 1 KB through Plumb.
   *
   * @return the item
   */
  @Benchmark
  public StateItem<byte[]> plumbGet() {
    return store.get("plumb", byte[].class);
  }

  /** Reads 1 KB with one raw SELECT. */
  @Benchmark
  public byte[] rawGet() throws SQLException {
    try (Connection c = raw.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT value, etag::text FROM " + table + " WHERE key = ?")) {
      ps.setString(1, "raw");
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getBytes(1) : null;
      }
    }
  }

  /** Saves 1 KB through Plumb's component (last-write, no TTL). */
  @Benchmark
  public void plumbSave() throws Exception {
    store.save("plumb", value);
  }

  /** Saves 1 KB with one raw upsert. */
  @Benchmark
  public int rawSave() throws SQLException {
    try (Connection c = raw.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO "
                    + table
                    + " (key, value, etag) VALUES (?, ?, gen_random_uuid()) ON CONFLICT (key)"
                    + " DO UPDATE SET value = excluded.value, etag = gen_random_uuid(),"
                    + " updated_at = now()")) {
      ps.setString(1, "raw");
      ps.setBytes(2, value);
      return ps.executeUpdate();
    }
  }
}
