package dev.plumb.state.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the schema and tables Dapr's {@code state.mysql} uses when they are missing, and brings
 * tables created by older Dapr versions up to date ({@code expiredate}, {@code row_id}).
 */
final class MySqlSchema {
  private static final Logger LOG = LoggerFactory.getLogger(MySqlSchema.class);

  private final MySqlConfig config;
  private final int timeoutSeconds;

  MySqlSchema(MySqlConfig config, int timeoutSeconds) {
    this.config = config;
    this.timeoutSeconds = timeoutSeconds;
  }

  /**
   * What the server and the state table accept.
   *
   * @param keyChars the longest key, in characters (the {@code id} column's length)
   * @param maxPacket the server's {@code max_allowed_packet}: no statement may be longer
   */
  record Limits(long keyChars, long maxPacket) {}

  /**
   * Ensures schema and tables exist; with {@code skipCreateTable} only checks that they do.
   *
   * @param ds the pool
   * @return the limits found
   * @throws SQLException if the database fails or, with {@code skipCreateTable}, a table is missing
   */
  Limits ensure(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection()) {
      create(c);
      return limits(c);
    }
  }

  private void create(Connection c) throws SQLException {
    String schema = config.schemaName();
    if (!config.createTables()) {
      requireTable(c, config.tableName());
      if (config.cleanupInterval() != null) {
        requireTable(c, config.metadataTableName());
      }
      return;
    }
    if (!exists(
        c, "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ?", schema)) {
      LOG.info("Creating MySQL schema '{}'", schema);
      exec(c, "CREATE DATABASE IF NOT EXISTS `" + schema + "`");
    }
    if (!tableExists(c, config.tableName())) {
      LOG.info("Creating MySQL state table '{}.{}'", schema, config.tableName());
      // id compares byte for byte: keys differing in case or in trailing spaces stay distinct.
      exec(
          c,
          "CREATE TABLE IF NOT EXISTS "
              + config.qualifiedTable()
              + " (id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE "
              + exactCollation(c)
              + " NOT NULL PRIMARY KEY,"
              + " value JSON NOT NULL,"
              + " isbinary BOOLEAN NOT NULL,"
              + " insertDate TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,"
              + " updateDate TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP"
              + " ON UPDATE CURRENT_TIMESTAMP,"
              + " eTag VARCHAR(36) NOT NULL,"
              + " expiredate TIMESTAMP NULL,"
              + " row_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,"
              + " UNIQUE KEY row_id_uidx (row_id),"
              + " INDEX expiredate_idx (expiredate)"
              + ") DEFAULT CHARSET = utf8mb4");
    }
    if (!columnExists(c, "expiredate")) {
      LOG.info("Adding column expiredate to MySQL state table '{}'", config.tableName());
      exec(c, "ALTER TABLE " + config.qualifiedTable() + " ADD COLUMN expiredate TIMESTAMP NULL");
      exec(c, "CREATE INDEX expiredate_idx ON " + config.qualifiedTable() + " (expiredate)");
    }
    if (!columnExists(c, "row_id")) {
      LOG.info("Adding column row_id to MySQL state table '{}'", config.tableName());
      exec(
          c,
          "ALTER TABLE "
              + config.qualifiedTable()
              + " ADD COLUMN row_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,"
              + " ADD UNIQUE KEY row_id_uidx (row_id)");
    }
    if (!tableExists(c, config.metadataTableName())) {
      exec(
          c,
          "CREATE TABLE IF NOT EXISTS "
              + config.qualifiedMetadataTable()
              + " (id VARCHAR(255) NOT NULL PRIMARY KEY, value TEXT NOT NULL)"
              + " DEFAULT CHARSET = utf8mb4");
    }
  }

  /**
   * The utf8mb4 collation that compares byte for byte, trailing spaces included: MariaDB's {@code
   * utf8mb4_nopad_bin}, MySQL 8's {@code utf8mb4_0900_bin} ({@code utf8mb4_bin} pads with spaces,
   * so {@code "k "} would be {@code "k"}).
   */
  private String exactCollation(Connection c) throws SQLException {
    for (String name : new String[] {"utf8mb4_nopad_bin", "utf8mb4_0900_bin"}) {
      if (exists(
          c, "SELECT COUNT(*) FROM information_schema.collations WHERE collation_name = ?", name)) {
        return name;
      }
    }
    return "utf8mb4_bin";
  }

  private static boolean isExact(String collation) {
    return collation == null
        || (collation.endsWith("_bin")
            && (collation.contains("_nopad_") || collation.startsWith("utf8mb4_0900")));
  }

  /** Reads the key length and packet limit, and warns about a table that compares keys loosely. */
  private Limits limits(Connection c) throws SQLException {
    long keyChars = 255;
    String collation = null;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT character_maximum_length, collation_name FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? AND column_name = 'id'")) {
      ps.setQueryTimeout(timeoutSeconds);
      ps.setString(1, config.schemaName());
      ps.setString(2, config.tableName());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          keyChars = rs.getLong(1) > 0 ? rs.getLong(1) : keyChars;
          collation = rs.getString(2);
        }
      }
    }
    if (!isExact(collation)) {
      LOG.warn(
          "MySQL state table '{}.{}' compares keys with collation {}, which ignores trailing"
              + " spaces or case, so such keys overwrite each other; to compare them byte for"
              + " byte, run: ALTER TABLE {} MODIFY id VARCHAR({}) CHARACTER SET utf8mb4 COLLATE {}"
              + " NOT NULL",
          config.schemaName(),
          config.tableName(),
          collation,
          config.qualifiedTable(),
          keyChars,
          exactCollation(c));
    }
    long maxPacket;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT @@max_allowed_packet")) {
      rs.next();
      maxPacket = rs.getLong(1);
    }
    return new Limits(keyChars, maxPacket);
  }

  private void requireTable(Connection c, String table) throws SQLException {
    if (!tableExists(c, table)) {
      throw new SQLException(
          "table '"
              + config.schemaName()
              + "."
              + table
              + "' does not exist and metadata 'skipCreateTable' is true");
    }
  }

  private boolean tableExists(Connection c, String table) throws SQLException {
    return exists(
        c,
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        config.schemaName(),
        table);
  }

  private boolean columnExists(Connection c, String column) throws SQLException {
    return exists(
        c,
        "SELECT COUNT(*) FROM information_schema.columns"
            + " WHERE table_schema = ? AND table_name = ? AND column_name = ?",
        config.schemaName(),
        config.tableName(),
        column);
  }

  private boolean exists(Connection c, String sql, String... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setQueryTimeout(timeoutSeconds);
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getLong(1) > 0;
      }
    }
  }

  private void exec(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.setQueryTimeout(timeoutSeconds);
      st.execute(sql);
    }
  }
}
