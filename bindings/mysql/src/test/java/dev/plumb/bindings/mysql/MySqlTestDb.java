package dev.plumb.bindings.mysql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/** The test MariaDB or MySQL ({@code PLUMB_MYSQL_URL}); a server that is down fails loudly. */
final class MySqlTestDb {
  static final String URL =
      System.getenv()
          .getOrDefault("PLUMB_MYSQL_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root");

  private MySqlTestDb() {}

  static Map<String, String> metadata() {
    return Map.of("url", URL);
  }

  static Connection connect() throws SQLException {
    try {
      return DriverManager.getConnection(URL);
    } catch (SQLException e) {
      throw new SQLException(
          "MariaDB/MySQL is not reachable at "
              + URL.replaceAll("password=[^&]*", "password=***")
              + (System.getenv("PLUMB_MYSQL_URL") == null
                  ? " (the default; PLUMB_MYSQL_URL is not set)"
                  : " (from PLUMB_MYSQL_URL)")
              + ": start it, or point PLUMB_MYSQL_URL at a running server",
          e);
    }
  }
}
