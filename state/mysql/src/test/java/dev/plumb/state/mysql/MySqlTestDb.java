package dev.plumb.state.mysql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The shared test MariaDB: URL, random table names, direct SQL, clean-up. */
final class MySqlTestDb {
  static final String URL =
      System.getenv()
          .getOrDefault("PLUMB_MYSQL_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root");

  final String table = "plumb_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  final String metaTable = table + "_meta";

  /** Metadata for a component on this test's tables; more entries may be added. */
  Map<String, String> metadata() {
    Map<String, String> md = new HashMap<>();
    md.put("connectionString", URL);
    md.put("tableName", table);
    md.put("metadataTableName", metaTable);
    md.put("timeoutInSeconds", "5");
    return md;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(URL);
  }

  long count(String where) throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM `" + table + "` WHERE " + where)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  void exec(String sql, Object... args) throws SQLException {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.execute();
    }
  }

  void drop() throws SQLException {
    exec("DROP TABLE IF EXISTS `" + table + "`");
    exec("DROP TABLE IF EXISTS `" + metaTable + "`");
  }
}
