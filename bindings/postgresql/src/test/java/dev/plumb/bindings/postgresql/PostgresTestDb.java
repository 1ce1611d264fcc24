package dev.plumb.bindings.postgresql;

import dev.plumb.common.postgresql.PostgresqlConnectionString;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/** The test database ({@code PLUMB_POSTGRES_URL}); a server that is down fails loudly. */
final class PostgresTestDb {
  static final String URL =
      System.getenv().getOrDefault("PLUMB_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test");

  private PostgresTestDb() {}

  static Map<String, String> metadata() {
    return Map.of("connectionString", URL);
  }

  static Connection connect() throws SQLException {
    PostgresqlConnectionString.Jdbc jdbc =
        PostgresqlConnectionString.toJdbc(PostgresqlConnectionString.parse(URL));
    try {
      return DriverManager.getConnection(jdbc.url(), jdbc.properties());
    } catch (SQLException e) {
      throw new SQLException(
          "PostgreSQL is not reachable at "
              + jdbc.url()
              + (System.getenv("PLUMB_POSTGRES_URL") == null
                  ? " (the default; PLUMB_POSTGRES_URL is not set)"
                  : " (from PLUMB_POSTGRES_URL)")
              + ": start it, or point PLUMB_POSTGRES_URL at a running server",
          e);
    }
  }

  static void check() throws SQLException {
    connect().close();
  }
}
