package dev.plumb.state.postgresql;

import dev.plumb.api.ConfigurationException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the tables exactly as Dapr's components do, and records the level in Dapr's
 * metadata table ({@code key text primary key, value text}; key {@code migrations} for v1, {@code
 * migrations-state-v2-<tablePrefix>} for v2), so Dapr and Plumb recognise each other's tables.
 * Concurrent starters serialise on a {@code FOR UPDATE} lock of the metadata row {@code lock}.
 *
 * <p>Dapr's v1 key is one for every table, so a second v1 table sharing the metadata table would
 * never be created: the table itself decides instead, and the (idempotent) steps run again for a
 * table that is missing or lacks a column. A table of the other version's layout (v2 on the v1
 * table {@code state}, which an empty {@code tablePrefix} names) is refused with what to do.
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
        Set<String> columns = columns(work, s.stateTable);
        checkLayout(s, columns);
        if (level >= steps.size() && !columns.containsAll(expected(s.v2))) {
          LOG.info(
              "state table '{}' is missing or incomplete although {} records level {}: creating it",
              s.stateTable,
              versionKey,
              level);
          level = firstMissingStep(s.v2, columns);
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

  private static final Set<String> V1_COLUMNS =
      Set.of("key", "value", "isbinary", "insertdate", "updatedate", "expiredate", "row_id");
  private static final Set<String> V2_COLUMNS =
      Set.of("key", "value", "etag", "created_at", "updated_at", "expires_at", "row_id");

  private static Set<String> expected(boolean v2) {
    return v2 ? V2_COLUMNS : V1_COLUMNS;
  }

  /** The first step a table of these columns still needs (the steps add columns in order). */
  private static int firstMissingStep(boolean v2, Set<String> columns) {
    if (columns.isEmpty()) {
      return 0;
    }
    if (!v2 && !columns.contains("expiredate")) {
      return 1;
    }
    return v2 ? 1 : 2;
  }

  /** The columns of a table, or none if it does not exist. */
  private static Set<String> columns(Connection c, String table) throws SQLException {
    Set<String> columns = new HashSet<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0"
                + " AND NOT attisdropped")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
    }
    return columns;
  }

  /** Refuses a table laid out for the other version: every call would fail on its columns. */
  private static void checkLayout(PostgresqlStateSettings s, Set<String> columns) {
    boolean v1Table = columns.contains("isbinary") || columns.contains("expiredate");
    boolean v2Table = columns.contains("etag") || columns.contains("expires_at");
    if (s.v2 && v1Table) {
      throw new ConfigurationException(
          "metadata 'tablePrefix': table '"
              + s.stateTable
              + "' is a state.postgresql v1 table (value jsonb, isbinary, expiredate), and this"
              + " component is v2, whose layout differs: give v2 a table of its own with"
              + " tablePrefix, or keep spec.version v1 for this table");
    }
    if (!s.v2 && v2Table) {
      throw new ConfigurationException(
          "metadata 'tableName': table '"
              + s.stateTable
              + "' is a state.postgresql v2 table (value bytea, etag, expires_at), and this"
              + " component is v1, whose layout differs: give v1 another tableName, or use"
              + " spec.version v2 for this table");
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
        // IF NOT EXISTS: a table may run these steps again (see the class comment).
        c ->
            exec(
                c,
                "ALTER TABLE "
                    + table
                    + " ADD COLUMN IF NOT EXISTS expiredate"
                    + " TIMESTAMP WITH TIME ZONE"),
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
