package dev.plumb.benchmarks.bindings;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.plumb.api.bindings.BindingResponse;
import dev.plumb.api.bindings.OutputBinding;
import dev.plumb.runtime.Plumb;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
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
 * Plumb's {@code bindings.postgresql} {@code exec}, through the public {@link OutputBinding} API,
 * against raw JDBC on a HikariCP pool of the same size running the same statement on the same row,
 * in one run (goal: Plumb at most 1.10x raw): {@code UPDATE ... SET n = n + 1 WHERE id = $1} with
 * its parameter. Database: {@code PLUMB_POSTGRES_URL}, default {@code
 * postgres://postgres@127.0.0.1:5432/test}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PostgresqlBindingBenchmark {
  private static final int POOL_SIZE = 8;

  private Plumb plumb;
  private OutputBinding db;
  private HikariDataSource raw;
  private String table;
  private Map<String, String> plumbRequest;
  private String rawSql;

  /** Creates the table and opens both sides. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    String url =
        System.getenv()
            .getOrDefault("PLUMB_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test");
    table = "plumb_bench_bind_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    plumb =
        Plumb.builder()
            .component(
                "db",
                "bindings.postgresql",
                Map.of("connectionString", url, "maxConns", Integer.toString(POOL_SIZE)))
            .build();
    db = plumb.outputBinding("db");
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
    try (Connection c = raw.getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE " + table + " (id int primary key, n bigint not null)");
      st.execute("INSERT INTO " + table + " VALUES (1, 0), (2, 0)");
    }
    plumbRequest =
        Map.of("sql", "UPDATE " + table + " SET n = n + 1 WHERE id = $1", "params", "[1]");
    rawSql = "UPDATE " + table + " SET n = n + 1 WHERE id = ?";
  }

  /** Drops the table and closes both sides. */
  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    plumb.close();
    try (Connection c = raw.getConnection();
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + table);
    }
    raw.close();
  }

  /**
   * Runs the update through Plumb.
   *
   * @return the answer, with {@code rows-affected}
   */
  @Benchmark
  public BindingResponse plumbExec() {
    return db.invoke("exec", null, plumbRequest);
  }

  /**
   * Runs the same update with raw JDBC.
   *
   * @return the rows affected
   */
  @Benchmark
  public int rawExec() throws SQLException {
    try (Connection c = raw.getConnection();
        PreparedStatement ps = c.prepareStatement(rawSql)) {
      ps.setInt(1, 2);
      return ps.executeUpdate();
    }
  }
}
