package dev.plumb.state.postgresql;

import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.common.postgresql.PostgresqlConnectionString;
import dev.plumb.testkit.TestComponentContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Finds the test database ({@code PLUMB_POSTGRES_URL}) and builds components against it. */
final class PostgresqlTestSupport {
  static final String URL =
      System.getenv().getOrDefault("PLUMB_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test");

  private PostgresqlTestSupport() {}

  static String uniqueName(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  /** Metadata with a private state table and metadata table for one test. */
  static Map<String, String> metadata(String version, String url) {
    Map<String, String> md = new HashMap<>();
    md.put("connectionString", url);
    md.put("metadataTableName", uniqueName("plumb_it_meta_"));
    if (version.equals("v2")) {
      md.put("tablePrefix", uniqueName("plumb_it_") + "_");
    } else {
      md.put("tableName", uniqueName("plumb_it_"));
    }
    return md;
  }

  static Map<String, String> metadata(String version) {
    return metadata(version, URL);
  }

  static String stateTable(String version, Map<String, String> md) {
    return version.equals("v2") ? md.get("tablePrefix") + "state" : md.get("tableName");
  }

  static ComponentContext context(String version, Map<String, String> metadata) {
    return new TestComponentContext("pg-it", "state.postgresql", metadata)
        .withVersion(version)
        .withAppId("it");
  }

  static StateComponent create(String version, Map<String, String> metadata) throws Exception {
    return new PostgresqlStateProvider().create(context(version, metadata));
  }

  static Connection raw() throws SQLException {
    return raw(URL);
  }

  static Connection raw(String url) throws SQLException {
    PostgresqlConnectionString.Jdbc jdbc =
        PostgresqlConnectionString.toJdbc(PostgresqlConnectionString.parse(url));
    return DriverManager.getConnection(jdbc.url(), jdbc.properties());
  }

  /** Drops the tables a test created. */
  static void drop(String version, Map<String, String> md) throws SQLException {
    try (Connection c = raw(md.get("connectionString"));
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + stateTable(version, md));
      st.execute("DROP TABLE IF EXISTS " + stateTable(version, md) + "_reminders");
      for (String t :
          List.of("instances", "history", "work", "signals", "leases", "members", "epochs")) {
        st.execute("DROP TABLE IF EXISTS " + stateTable(version, md) + "_wf_" + t);
      }
      st.execute("DROP TABLE IF EXISTS " + md.get("metadataTableName"));
    }
  }
}
