package dev.plumb.state.postgresql;

import dev.plumb.api.actors.spi.ReminderCompletion;
import dev.plumb.api.actors.spi.ReminderKey;
import dev.plumb.api.actors.spi.ReminderPartition;
import dev.plumb.api.actors.spi.ReminderStore;
import dev.plumb.api.actors.spi.StoredReminder;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Actor reminders on PostgreSQL: one row per reminder in {@code <stateTable>_reminders}, keyed by
 * application, actor and name, with an index on {@code (partition_id, app_id, actor_type, due_at)}
 * so that a scan reads only the due rows of one partition (the partition leads, so that lookups by
 * key, which do not name it, always take the primary key, even before the table has statistics). A
 * batch of completions is one statement (a delete and an update over {@code unnest}ed arrays, each
 * row by its primary key and only if its revision is still the one that fired): one round trip and
 * one commit for the whole batch, which does not wait for the WAL flush. The table is created on
 * first use, beside the state table and in Dapr's layout's schema, and never touches Dapr's
 * migration levels. Thread-safe: connections come from the component's pool.
 */
final class PostgresqlReminders implements ReminderStore {
  private static final String COLUMNS = "due_at, period, remaining, expires_at, data, revision";

  private final DataSource ds;
  private final String table;
  private final String index;
  private final ReentrantLock creating = new ReentrantLock();
  private volatile boolean created;

  PostgresqlReminders(DataSource ds, String stateTable) {
    this.ds = ds;
    this.table = stateTable + "_reminders";
    int dot = table.lastIndexOf('.');
    this.index = table.substring(dot + 1) + "_due";
  }

  /** Creates the table and its index once; concurrent creators in other JVMs are tolerated. */
  private void ensureTable(Connection c) throws SQLException {
    if (created) {
      return;
    }
    creating.lock();
    try {
      if (created) {
        return;
      }
      try (Statement st = c.createStatement()) {
        st.execute(
            "CREATE TABLE IF NOT EXISTS "
                + table
                + " (app_id text NOT NULL, actor_type text NOT NULL, actor_id text NOT NULL,"
                + " name text NOT NULL, partition_id integer NOT NULL,"
                + " due_at timestamp with time zone NOT NULL, period text,"
                + " remaining integer NOT NULL, expires_at timestamp with time zone, data bytea,"
                + " revision bigint NOT NULL,"
                + " PRIMARY KEY (app_id, actor_type, actor_id, name))");
        st.execute(
            "CREATE INDEX IF NOT EXISTS "
                + index
                + " ON "
                + table
                + " (partition_id, app_id, actor_type, due_at)");
      } catch (SQLException e) {
        // Two starters creating at once: one of them hits a unique violation on the catalog.
        if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
          throw e;
        }
      }
      created = true;
    } finally {
      creating.unlock();
    }
  }

  @Override
  public void saveReminder(StoredReminder r) throws SQLException {
    try (Connection c = ds.getConnection()) {
      ensureTable(c);
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO "
                  + table
                  + " (app_id, actor_type, actor_id, name, partition_id, "
                  + COLUMNS
                  + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (app_id, actor_type,"
                  + " actor_id, name) DO UPDATE SET partition_id = excluded.partition_id,"
                  + " due_at = excluded.due_at, period = excluded.period,"
                  + " remaining = excluded.remaining, expires_at = excluded.expires_at,"
                  + " data = excluded.data, revision = excluded.revision")) {
        int i = bindKey(ps, 1, r.key());
        ps.setInt(i++, r.key().partition());
        ps.setObject(i++, time(r.dueTime()));
        ps.setString(i++, r.period());
        ps.setInt(i++, r.remainingRepetitions());
        if (r.expiration() == null) {
          ps.setNull(i++, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
          ps.setObject(i++, time(r.expiration()));
        }
        ps.setBytes(i++, r.data());
        ps.setLong(i, r.revision());
        ps.executeUpdate();
      }
    }
  }

  @Override
  public StoredReminder getReminder(ReminderKey key) throws SQLException {
    try (Connection c = ds.getConnection()) {
      ensureTable(c);
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT "
                  + COLUMNS
                  + " FROM "
                  + table
                  + " WHERE app_id = ? AND actor_type = ? AND actor_id = ? AND name = ?")) {
        bindKey(ps, 1, key);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? read(key, rs, 1) : null;
        }
      }
    }
  }

  @Override
  public void deleteReminder(ReminderKey key) throws SQLException {
    try (Connection c = ds.getConnection()) {
      ensureTable(c);
      try (PreparedStatement ps =
          c.prepareStatement(
              "DELETE FROM "
                  + table
                  + " WHERE app_id = ? AND actor_type = ? AND actor_id = ? AND name = ?")) {
        bindKey(ps, 1, key);
        ps.executeUpdate();
      }
    }
  }

  @Override
  public List<StoredReminder> dueReminders(ReminderPartition p, Instant before, int limit)
      throws SQLException {
    try (Connection c = ds.getConnection()) {
      ensureTable(c);
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT actor_id, name, "
                  + COLUMNS
                  + " FROM "
                  + table
                  + " WHERE app_id = ? AND actor_type = ? AND partition_id = ? AND due_at < ?"
                  + " ORDER BY due_at LIMIT ?")) {
        ps.setString(1, p.appId());
        ps.setString(2, p.actorType());
        ps.setInt(3, p.partition());
        ps.setObject(4, time(before));
        ps.setInt(5, limit);
        List<StoredReminder> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ReminderKey key =
                new ReminderKey(
                    p.appId(), p.actorType(), rs.getString(1), rs.getString(2), p.partition());
            out.add(read(key, rs, 3));
          }
        }
        return out;
      }
    }
  }

  @Override
  public void completeReminders(List<ReminderCompletion> completions) throws SQLException {
    List<ReminderCompletion> deletes = new ArrayList<>();
    List<ReminderCompletion> moves = new ArrayList<>();
    for (ReminderCompletion c : completions) {
      (c.next() == null ? deletes : moves).add(c);
    }
    // Each row is found by its primary key in a subquery per row, and deleted or updated by its
    // ctid: the plan stays index lookups whatever the table's size and the arrays' length (a join
    // of the table with the unnested arrays may become a scan of the whole table).
    String find =
        "(SELECT r.ctid FROM "
            + table
            + " r WHERE r.app_id = v.app AND r.actor_type = v.typ AND r.actor_id = v.id AND"
            + " r.name = v.nm AND r.revision = v.rev)";
    try (Connection c = ds.getConnection()) {
      ensureTable(c);
      try (PreparedStatement ps =
          c.prepareStatement(
              "WITH d AS (DELETE FROM "
                  + table
                  + " WHERE ctid = ANY(ARRAY(SELECT "
                  + find
                  + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int8[])"
                  + " AS v(app, typ, id, nm, rev))) RETURNING 1),"
                  + " u AS (UPDATE "
                  + table
                  + " t SET due_at = timestamp with time zone 'epoch' + w.due * interval '1"
                  + " millisecond', remaining = w.rem, revision = w.newrev FROM (SELECT "
                  + find
                  + " AS tid, v.due, v.rem, v.newrev FROM unnest(?::text[], ?::text[], ?::text[],"
                  + " ?::text[], ?::int8[], ?::int8[], ?::int4[], ?::int8[]) AS v(app, typ, id, nm,"
                  + " rev, due, rem, newrev)) w WHERE t.ctid = w.tid RETURNING 1),"
                  // A completion the server loses in a crash only makes its reminder fire again,
                  // which at-least-once allows: the batch does not wait for the WAL flush.
                  + " s AS (SELECT set_config('synchronous_commit', 'off', true))"
                  + " SELECT (SELECT count(*) FROM d), (SELECT count(*) FROM u),"
                  + " (SELECT count(*) FROM s)")) {
        List<Array> arrays = new ArrayList<>();
        try {
          int i = 1;
          i = bindKeys(c, ps, i, deletes, arrays);
          i = bindKeys(c, ps, i, moves, arrays);
          Long[] due = new Long[moves.size()];
          Integer[] remaining = new Integer[moves.size()];
          Long[] revision = new Long[moves.size()];
          for (int k = 0; k < moves.size(); k++) {
            StoredReminder next = moves.get(k).next();
            due[k] = next.dueTime().toEpochMilli();
            remaining[k] = next.remainingRepetitions();
            revision[k] = next.revision();
          }
          i = bind(c, ps, i, "int8", due, arrays);
          i = bind(c, ps, i, "int4", remaining, arrays);
          bind(c, ps, i, "int8", revision, arrays);
          ps.executeQuery().close();
        } finally {
          for (Array a : arrays) {
            a.free();
          }
        }
      }
    }
  }

  /** Binds the key columns and fired revisions of completions as five arrays. */
  private static int bindKeys(
      Connection c,
      PreparedStatement ps,
      int i,
      List<ReminderCompletion> completions,
      List<Array> arrays)
      throws SQLException {
    int n = completions.size();
    String[] app = new String[n];
    String[] type = new String[n];
    String[] id = new String[n];
    String[] name = new String[n];
    Long[] rev = new Long[n];
    for (int k = 0; k < n; k++) {
      ReminderKey key = completions.get(k).key();
      app[k] = key.appId();
      type[k] = key.actorType();
      id[k] = key.actorId();
      name[k] = key.name();
      rev[k] = completions.get(k).firedRevision();
    }
    i = bind(c, ps, i, "text", app, arrays);
    i = bind(c, ps, i, "text", type, arrays);
    i = bind(c, ps, i, "text", id, arrays);
    i = bind(c, ps, i, "text", name, arrays);
    return bind(c, ps, i, "int8", rev, arrays);
  }

  private static int bind(
      Connection c, PreparedStatement ps, int i, String type, Object[] values, List<Array> arrays)
      throws SQLException {
    Array a = c.createArrayOf(type, values);
    arrays.add(a);
    ps.setArray(i, a);
    return i + 1;
  }

  private static int bindKey(PreparedStatement ps, int i, ReminderKey key) throws SQLException {
    ps.setString(i, key.appId());
    ps.setString(i + 1, key.actorType());
    ps.setString(i + 2, key.actorId());
    ps.setString(i + 3, key.name());
    return i + 4;
  }

  private static StoredReminder read(ReminderKey key, ResultSet rs, int i) throws SQLException {
    OffsetDateTime expires = rs.getObject(i + 3, OffsetDateTime.class);
    return new StoredReminder(
        key,
        rs.getObject(i, OffsetDateTime.class).toInstant(),
        rs.getString(i + 1),
        rs.getInt(i + 2),
        expires == null ? null : expires.toInstant(),
        rs.getBytes(i + 4),
        rs.getLong(i + 5));
  }

  private static OffsetDateTime time(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}
