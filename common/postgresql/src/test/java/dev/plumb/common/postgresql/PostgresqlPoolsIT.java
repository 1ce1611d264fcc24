package dev.plumb.common.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.plumb.api.spi.ComponentMetadata;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pools against the shared test server ({@code PLUMB_POSTGRES_URL}). */
class PostgresqlPoolsIT {
  private static final String URL =
      System.getenv().getOrDefault("PLUMB_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test");

  private static PostgresqlSettings settings(Map<String, String> values) {
    ComponentMetadata md = ComponentMetadata.of("component 'pg-it'", values);
    PostgresqlSettings s = PostgresqlSettings.read(md);
    md.validate();
    return s;
  }

  private static String show(HikariDataSource ds, String setting) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void timeoutBecomesTheServersStatementTimeout() throws Exception {
    Map<String, String> md = Map.of("connectionString", URL, "timeout", "1s", "maxConns", "2");
    try (HikariDataSource ds = PostgresqlPools.create("plumb-test-timeout", settings(md))) {
      assertThat(ds.getMaximumPoolSize()).isEqualTo(2);
      assertThat(show(ds, "statement_timeout")).isEqualTo("1s");
      try (Connection c = ds.getConnection();
          Statement st = c.createStatement()) {
        assertThatThrownBy(() -> st.execute("SELECT pg_sleep(3)"))
            .isInstanceOfSatisfying(
                SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
      }
    }
  }

  @Test
  void keyValueStringsWithLibpqParameters() throws Exception {
    StringBuilder kv = new StringBuilder();
    PostgresqlConnectionString.parse(URL)
        .forEach((k, v) -> kv.append(k).append("='").append(v.replace("'", "\\'")).append("' "));
    kv.append("application_name='plumb common' search_path=pg_catalog connect_timeout=5");
    Map<String, String> md = new HashMap<>();
    md.put("connectionString", kv.toString());
    md.put("connectionMaxIdleTime", "30s");
    try (HikariDataSource ds = PostgresqlPools.create("plumb-test-kv", settings(md))) {
      assertThat(show(ds, "application_name")).isEqualTo("plumb common");
      assertThat(show(ds, "search_path")).isEqualTo("pg_catalog");
      assertThat(ds.getMinimumIdle()).isZero();
      assertThat(ds.getIdleTimeout()).isEqualTo(30_000);
    }
  }

  @Test
  void unreachableServerOrMissingDatabaseFailsCreateWithoutThePassword() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PostgresqlSettings down =
        settings(
            Map.of(
                "connectionString",
                "host=127.0.0.1 port=" + port + " user=u password=hunter2",
                "timeout",
                "2s"));
    assertThatThrownBy(() -> PostgresqlPools.create("plumb-test-down", down))
        .isInstanceOf(HikariPool.PoolInitializationException.class)
        .hasMessageNotContaining("hunter2");

    Map<String, String> md = new HashMap<>(Map.of("connectionString", URL));
    md.put("database", "plumb_no_such_database");
    assertThatThrownBy(() -> PostgresqlPools.create("plumb-test-nodb", settings(md)))
        .isInstanceOf(HikariPool.PoolInitializationException.class)
        .hasMessageContaining("plumb_no_such_database");
  }
}
