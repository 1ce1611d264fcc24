package dev.plumb.state.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the tables exactly as Dapr's components do, and records the level in Dapr's
 * metadata table ({@code key text primary key, value text}; key {@code migrations} for v1, {@code
 * migrations-state-v2-<tablePrefix>} for v2), so Dapr and Plumb recognise each other's tables.
 * Concurrent starters serialise on a {@code FOR UPDATE} lock of the metadata row {@code lock}.
 */
final class PostgresqlMigrations {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresqlMigrations.class);

  /** One schema step. */
  @FunctionalInterface
  private interface Step {
    void run(Connection c) throws SQLException;
  }

  private PostgresqlMigrations() {}

  static void perform(DataSource ds, PostgresqlStateSettings s) throws SQLException {
    String meta = s.metadataTable;
    String versionKey = s.v2 ? "migrations-state-v2-" + s.tablePrefix : "migrations";
    List<Step> steps = s.v2 ? v2Steps(s.stateTable) : v1Steps(s.stateTable);
    try (Connection c = ds.getConnection()) {
      ensureMetadataTable(c, meta);
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO "
                  + meta
                  + " (key, value) VALUES ('lock', 'lock') ON CONFLICT (key) DO NOTHING")) {
        ps.executeUpdate();
      }
    }
    try (Connection lock = ds.getConnection();
        Connection work = ds.getConnection()) {
      lock.setAutoCommit(false);
      try {
        try (PreparedStatement ps =
            lock.prepareStatement("SELECT value FROM " + meta + " WHERE key = 'lock' FOR UPDATE")) {
          ps.executeQuery().close();
        }
        int level = 0;
        try (PreparedStatement ps =
            work.prepareStatement("SELECT value FROM " + meta + " WHERE key = ?")) {
          ps.setString(1, versionKey);
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              try {
                level = Integer.parseInt(rs.getString(1).trim());
              } catch (NumberFormatException e) {
                throw new SQLException(
                    "invalid migration level in " + meta + ": '" + rs.getString(1) + "'");
              }
            }
          }
        }
        for (int i = level; i < steps.size(); i++) {
          LOG.info("state table '{}': performing migration {}", s.stateTable, i + 1);
          steps.get(i).run(work);
          try (PreparedStatement ps =
              work.prepareStatement(
                  "INSERT INTO "
                      + meta
                      + " (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = ?")) {
            ps.setString(1, versionKey);
            ps.setString(2, Integer.toString(i + 1));
            ps.setString(3, Integer.toString(i + 1));
            ps.executeUpdate();
          }
        }
      } finally {
        lock.rollback();
        lock.setAutoCommit(true);
      }
    }
  }

  private static void ensureMetadataTable(Connection c, String meta) throws SQLException {
    SQLException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try (Statement st = c.createStatement()) {
        st.execute(
            "CREATE TABLE IF NOT EXISTS "
                + meta
                + " (key text NOT NULL PRIMARY KEY, value text NOT NULL)");
        return;
      } catch (SQLException e) {
        // two starters creating the table at once: one gets a unique violation; try again
        if (!"23505".equals(e.getSQLState())) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
  }

  private static List<Step> v1Steps(String table) {
    return List.of(
        c ->
            createIgnoringRace(
                c,
                "CREATE TABLE IF NOT EXISTS "
                    + table
                    + " (key text NOT NULL PRIMARY KEY, value jsonb NOT NULL,"
                    + " isbinary boolean NOT NULL,"
                    + " insertdate TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),"
                    + " updatedate TIMESTAMP WITH TIME ZONE NULL)"),
        c -> exec(c, "ALTER TABLE " + table + " ADD expiredate TIMESTAMP WITH TIME ZONE"),
        c -> addRowId(c, table, "insertdate"));
  }

  private static List<Step> v2Steps(String table) {
    return List.of(
        c ->
            createIgnoringRace(
                c,
                "CREATE TABLE IF NOT EXISTS "
                    + table
                    + " (key text NOT NULL PRIMARY KEY, value bytea NOT NULL,"
                    + " etag uuid NOT NULL DEFAULT gen_random_uuid(),"
                    + " created_at timestamp with time zone NOT NULL DEFAULT now(),"
                    + " updated_at timestamp with time zone,"
                    + " expires_at timestamp with time zone);"
                    + " CREATE INDEX ON "
                    + table
                    + " (expires_at)"),
        c -> addRowId(c, table, "created_at"));
  }

  private static void createIgnoringRace(Connection c, String sql) throws SQLException {
    try {
      exec(c, sql);
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  /**
   * Dapr's {@code row_id} step: an identity column, back-filled in insertion order, unique; the
   * keys-like paging token.
   */
  private static void addRowId(Connection c, String table, String createdColumn)
      throws SQLException {
    String schema;
    String name;
    String quoted;
    String reg;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT n.nspname, c.relname, format('%I.%I', n.nspname, c.relname),"
                + " n.nspname || '.' || c.relname FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(?)")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("table '" + table + "' not found");
        }
        schema = rs.getString(1);
        name = rs.getString(2);
        quoted = rs.getString(3);
        reg = rs.getString(4);
      }
    }
    boolean hasColumn;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?)"
                + " AND attname = 'row_id' AND NOT attisdropped)")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        hasColumn = rs.getBoolean(1);
      }
    }
    if (!hasColumn) {
      exec(c, "ALTER TABLE " + quoted + " ADD COLUMN row_id BIGINT");
    }
    exec(
        c,
        "WITH ranked AS (SELECT key, ROW_NUMBER() OVER (ORDER BY "
            + createdColumn
            + " ASC, key ASC) AS rn FROM "
            + quoted
            + " WHERE row_id IS NULL) UPDATE "
            + quoted
            + " AS t SET row_id = r.rn FROM ranked r WHERE r.key = t.key");
    exec(c, "ALTER TABLE " + quoted + " ALTER COLUMN row_id SET NOT NULL");
    boolean identity;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = ?"
                + " AND table_name = ? AND column_name = 'row_id' AND is_identity = 'YES')")) {
      ps.setString(1, schema);
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        identity = rs.getBoolean(1);
      }
    }
    if (!identity) {
      exec(
          c, "ALTER TABLE " + quoted + " ALTER COLUMN row_id ADD GENERATED BY DEFAULT AS IDENTITY");
    }
    String seq = null;
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_get_serial_sequence(?, 'row_id')")) {
      ps.setString(1, reg);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          seq = rs.getString(1);
        }
      }
    }
    if (seq != null && !seq.isEmpty()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT setval(?, COALESCE((SELECT MAX(row_id) FROM "
                  + quoted
                  + "), 0) + 1, false)")) {
        ps.setString(1, seq);
        ps.executeQuery().close();
      }
    }
    String index = "\"" + (name + "_row_id_uidx").replace("\"", "\"\"") + "\"";
    exec(c, "CREATE UNIQUE INDEX IF NOT EXISTS " + index + " ON " + quoted + " (row_id)");
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
