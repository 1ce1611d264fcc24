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
   * Ensures schema and tables exist; with {@code skipCreateTable} only checks that they do.
   *
   * @param ds the pool
   * @throws SQLException if the database fails or, with {@code skipCreateTable}, a table is missing
   */
  void ensure(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection()) {
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
        // id is binary-collated so that keys differing in case stay distinct, as Dapr keys are.
        exec(
            c,
            "CREATE TABLE IF NOT EXISTS "
                + config.qualifiedTable()
                + " (id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,"
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
