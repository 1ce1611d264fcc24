package dev.plumb.state.postgresql;

import com.zaxxer.hikari.HikariDataSource;
import dev.plumb.api.ComponentException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.UnsupportedFeatureException;
import dev.plumb.api.actors.spi.ReminderCompletion;
import dev.plumb.api.actors.spi.ReminderKey;
import dev.plumb.api.actors.spi.ReminderPartition;
import dev.plumb.api.actors.spi.ReminderStore;
import dev.plumb.api.actors.spi.StoredReminder;
import dev.plumb.api.spi.Scheduler;
import dev.plumb.api.state.BulkStateException;
import dev.plumb.api.state.Concurrency;
import dev.plumb.api.state.ETag;
import dev.plumb.api.state.ETagInvalidException;
import dev.plumb.api.state.ETagMismatchException;
import dev.plumb.api.state.QueryResult;
import dev.plumb.api.state.StateFeature;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.StateQuery;
import dev.plumb.api.state.spi.DeleteRequest;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.KeysPage;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.api.state.spi.StateComponents;
import dev.plumb.api.state.spi.StateMutation;
import dev.plumb.api.workflow.WorkflowQuery;
import dev.plumb.api.workflow.spi.Commit;
import dev.plumb.api.workflow.spi.InstanceRecord;
import dev.plumb.api.workflow.spi.Leases;
import dev.plumb.api.workflow.spi.StoredInstance;
import dev.plumb.api.workflow.spi.WorkItem;
import dev.plumb.api.workflow.spi.WorkflowStore;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL state store in one of Dapr's two table layouts.
 *
 * <ul>
 *   <li>v1: {@code key text, value jsonb, isbinary boolean, insertdate, updatedate, expiredate,
 *       row_id}; the etag is the row's {@code xmin}; bytes that are not JSON are stored as a base64
 *       JSON string with {@code isbinary = true}. Adds the query API over {@code jsonb}.
 *   <li>v2: {@code key text, value bytea, etag uuid, created_at, updated_at, expires_at, row_id};
 *       the etag is a random UUID renewed by every write.
 * </ul>
 *
 * Expiry is the database's clock, as in Dapr: reads skip expired rows and a sweeper deletes them.
 * As an actor state store it also keeps the actor reminders, in an indexed table beside the state
 * table ({@link PostgresqlReminders}), and the workflows, in tables of their own with group commit
 * ({@link PostgresqlWorkflowStore}). Thread-safe: connections come from a HikariCP pool.
 */
final class PostgresqlStateComponent implements StateComponent, ReminderStore, WorkflowStore {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresqlStateComponent.class);
  private static final int DEADLOCK_ATTEMPTS = 3;

  private final String name;
  private final PostgresqlStateSettings settings;
  private final HikariDataSource ds;
  private final boolean v2;
  private final Set<StateFeature> features;
  private final Scheduler.Task sweeper;
  private final PostgresqlReminders reminders;
  private final PostgresqlWorkflowStore workflows;

  private final String getSql;
  private final String bulkGetSql;
  private final String upsertSql;
  private final String insertFirstSql;
  private final String updateSql;
  private final String deleteSql;
  private final String deleteIfSql;
  private final String keysLikeSql;

  PostgresqlStateComponent(
      String name,
      PostgresqlStateSettings settings,
      HikariDataSource ds,
      Scheduler scheduler,
      String appId) {
    this.name = name;
    this.settings = settings;
    this.ds = ds;
    this.v2 = settings.v2;
    this.reminders = new PostgresqlReminders(ds, settings.stateTable);
    this.workflows = new PostgresqlWorkflowStore(name, ds, settings.stateTable, appId);
    // The runtime's scheduler runs the sweep on a blocking thread and never overlaps two of them.
    this.sweeper =
        settings.cleanupInterval == null
            ? null
            : scheduler.every(settings.cleanupInterval, this::sweep);
    EnumSet<StateFeature> f =
        EnumSet.of(
            StateFeature.ETAG,
            StateFeature.TRANSACTIONAL,
            StateFeature.TTL,
            StateFeature.KEYS_LIKE);
    if (!v2) {
      f.add(StateFeature.QUERY_API);
    }
    this.features = Set.copyOf(f);
    String t = settings.stateTable;
    if (v2) {
      String live = "(expires_at IS NULL OR expires_at >= now())";
      String cols = "SELECT key, value, false, etag::text, expires_at FROM " + t;
      getSql = cols + " WHERE key = ? AND " + live;
      bulkGetSql = cols + " WHERE key = ANY(?) AND " + live;
      String insert =
          "INSERT INTO "
              + t
              + " AS t (key, value, etag, expires_at) VALUES (?, ?, gen_random_uuid(),"
              + " now() + ?::bigint * interval '1 second') ON CONFLICT (key) DO UPDATE SET"
              + " value = excluded.value, updated_at = now(), etag = gen_random_uuid(),"
              + " expires_at = excluded.expires_at";
      upsertSql = insert;
      insertFirstSql = insert + " WHERE t.expires_at IS NOT NULL AND t.expires_at < now()";
      updateSql =
          "UPDATE "
              + t
              + " SET value = ?, updated_at = now(), etag = gen_random_uuid(),"
              + " expires_at = now() + ?::bigint * interval '1 second'"
              + " WHERE key = ? AND etag = ?::uuid AND "
              + live;
      deleteIfSql = "DELETE FROM " + t + " WHERE key = ? AND etag = ?::uuid";
      keysLikeSql =
          "SELECT key, row_id FROM "
              + t
              + " WHERE key LIKE ? ESCAPE '\\' AND (expires_at IS NULL OR expires_at > now())"
              + " AND row_id > ? ORDER BY row_id LIMIT ?";
    } else {
      String live = "(expiredate IS NULL OR expiredate >= CURRENT_TIMESTAMP)";
      String cols = "SELECT key, value::text, isbinary, xmin::text, expiredate FROM " + t;
      getSql = cols + " WHERE key = ? AND " + live;
      bulkGetSql = cols + " WHERE key = ANY(?) AND " + live;
      String insert =
          "INSERT INTO "
              + t
              + " AS t (key, value, isbinary, expiredate) VALUES (?, ?::jsonb, ?,"
              + " CURRENT_TIMESTAMP + ?::bigint * interval '1 second') ON CONFLICT (key) DO UPDATE"
              + " SET value = excluded.value, isbinary = excluded.isbinary,"
              + " updatedate = CURRENT_TIMESTAMP, expiredate = excluded.expiredate";
      upsertSql = insert;
      insertFirstSql =
          insert + " WHERE t.expiredate IS NOT NULL AND t.expiredate < CURRENT_TIMESTAMP";
      updateSql =
          "UPDATE "
              + t
              + " SET value = ?::jsonb, isbinary = ?, updatedate = CURRENT_TIMESTAMP,"
              + " expiredate = CURRENT_TIMESTAMP + ?::bigint * interval '1 second'"
              + " WHERE key = ? AND xmin = ?::text::xid AND"
              + " (expiredate IS NULL OR expiredate > CURRENT_TIMESTAMP)";
      deleteIfSql = "DELETE FROM " + t + " WHERE key = ? AND xmin = ?::text::xid";
      keysLikeSql =
          "SELECT key, row_id FROM "
              + t
              + " WHERE key LIKE ? ESCAPE '\\' AND (expiredate IS NULL OR expiredate >"
              + " CURRENT_TIMESTAMP) AND row_id > ? ORDER BY row_id LIMIT ?";
    }
    deleteSql = "DELETE FROM " + t + " WHERE key = ?";
  }

  @Override
  public Set<StateFeature> features() {
    return features;
  }

  @Override
  public void saveReminder(StoredReminder reminder) throws SQLException {
    reminders.saveReminder(reminder);
  }

  @Override
  public StoredReminder getReminder(ReminderKey key) throws SQLException {
    return reminders.getReminder(key);
  }

  @Override
  public void deleteReminder(ReminderKey key) throws SQLException {
    reminders.deleteReminder(key);
  }

  @Override
  public List<StoredReminder> dueReminders(ReminderPartition partition, Instant before, int limit)
      throws SQLException {
    return reminders.dueReminders(partition, before, limit);
  }

  @Override
  public void completeReminders(List<ReminderCompletion> completions) throws SQLException {
    reminders.completeReminders(completions);
  }

  /** The workflow store, for tests. */
  PostgresqlWorkflowStore workflowStore() {
    return workflows;
  }

  @Override
  public Leases lease(
      String owner, Set<Integer> acquire, Set<Integer> release, Instant now, Duration ttl)
      throws SQLException {
    return workflows.lease(owner, acquire, release, now, ttl);
  }

  @Override
  public StoredInstance load(String instanceId) throws SQLException {
    return workflows.load(instanceId);
  }

  @Override
  public InstanceRecord get(String instanceId) throws SQLException {
    return workflows.get(instanceId);
  }

  @Override
  public Commit.Result commit(Commit commit) throws Exception {
    return workflows.commit(commit);
  }

  @Override
  public List<WorkItem> pendingWork(int partition) throws SQLException {
    return workflows.pendingWork(partition);
  }

  @Override
  public List<WorkItem> inbox(Set<Integer> partitions) throws SQLException {
    return workflows.inbox(partitions);
  }

  @Override
  public InstancePage list(WorkflowQuery query) throws SQLException {
    return workflows.list(query);
  }

  @Override
  public List<String> children(String parentInstanceId) throws SQLException {
    return workflows.children(parentInstanceId);
  }

  @Override
  public boolean purge(String instanceId, long epoch) throws SQLException {
    return workflows.purge(instanceId, epoch);
  }

  @Override
  public void ping() throws SQLException {
    try (Connection c = ds.getConnection()) {
      if (!c.isValid((int) Math.max(1, settings.connection.timeout().toSeconds()))) {
        throw new SQLException("state store '" + name + "': connection is not valid");
      }
    }
  }

  /**
   * PostgreSQL's text cannot hold U+0000: such a key is refused as invalid before any statement,
   * rather than failing as a database error.
   */
  private static String checkKey(String key) {
    if (key.indexOf('\0') >= 0) {
      throw new InvalidRequestException(
          "PostgreSQL state store keys cannot contain the character U+0000");
    }
    return key;
  }

  @Override
  public StateItem<byte[]> get(GetRequest request) throws SQLException {
    checkKey(request.key());
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(getSql)) {
      ps.setString(1, request.key());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? readItem(rs) : null;
      }
    }
  }

  @Override
  public List<StateItem<byte[]>> bulkGet(List<GetRequest> requests) throws SQLException {
    if (requests.isEmpty()) {
      return List.of();
    }
    Map<String, StateItem<byte[]>> found = new HashMap<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(bulkGetSql)) {
      String[] keys = new String[requests.size()];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = checkKey(requests.get(i).key());
      }
      Array arr = c.createArrayOf("text", keys);
      ps.setArray(1, arr);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          StateItem<byte[]> item = readItem(rs);
          found.put(item.key(), item);
        }
      } finally {
        arr.free();
      }
    }
    List<StateItem<byte[]>> out = new ArrayList<>(requests.size());
    for (GetRequest r : requests) {
      StateItem<byte[]> item = found.get(r.key());
      out.add(item != null ? item : new StateItem<>(r.key(), null, null, Map.of()));
    }
    return out;
  }

  private StateItem<byte[]> readItem(ResultSet rs) throws SQLException {
    String key = rs.getString(1);
    byte[] value = v2 ? rs.getBytes(2) : decodeV1(rs.getString(2), rs.getBoolean(3));
    String etag = rs.getString(4);
    Timestamp exp = rs.getTimestamp(5);
    Map<String, String> md =
        exp == null
            ? Map.of()
            : Map.of(StateItem.TTL_EXPIRE_TIME, StateComponents.formatExpireTime(exp.toInstant()));
    return new StateItem<>(key, value, ETag.of(etag), md);
  }

  private static byte[] decodeV1(String json, boolean isBinary) {
    if (!isBinary) {
      return json.getBytes(StandardCharsets.UTF_8);
    }
    // A JSON string holding base64: no escapes can occur in base64, so strip the quotes.
    String s = json.trim();
    if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
      throw new IllegalStateException("binary value is not a JSON string");
    }
    return Base64.getDecoder().decode(s.substring(1, s.length() - 1));
  }

  @Override
  public void set(SetRequest request) throws SQLException {
    String sql = sqlOf(request);
    try (Connection c = ds.getConnection()) {
      if (apply(c, sql, request) == 0) {
        throw mismatch(request);
      }
    } catch (SQLException e) {
      if (isInvalidInput(e)) {
        throw invalid(request.key(), e);
      }
      throw e;
    }
  }

  @Override
  public void delete(DeleteRequest request) throws SQLException {
    String sql = sqlOf(request);
    try (Connection c = ds.getConnection()) {
      if (apply(c, sql, request) == 0 && etagOf(request) != null) {
        throw mismatch(request);
      }
    }
  }

  /** Runs one mutation; returns the rows changed (0 for a failed condition). */
  private int apply(Connection c, StateMutation m) throws SQLException {
    return apply(c, sqlOf(m), m);
  }

  private int apply(Connection c, String sql, StateMutation m) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, m)) {
      return ps.executeUpdate();
    }
  }

  private PreparedStatement prepare(Connection c, String sql, StateMutation m) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    try {
      bindParameters(ps, m);
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  private static void setTtl(PreparedStatement ps, int i, Long ttl) throws SQLException {
    if (ttl == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, ttl);
    }
  }

  /**
   * v1: a value declared JSON ({@code contentType: application/json}, as the runtime sets for
   * values it serialized) is stored as {@code jsonb}, queryable; any other bytes as Dapr's binary
   * form, so that they read back byte for byte ({@code jsonb} would reorder and reformat them).
   */
  private int bindValue(PreparedStatement ps, int i, SetRequest request) throws SQLException {
    byte[] value = request.value();
    if (v2) {
      ps.setBytes(i, value);
      return i + 1;
    }
    String json = isJson(request.metadata()) ? JsonText.asJsonb(value) : null;
    if (json != null) {
      ps.setString(i, json);
      ps.setBoolean(i + 1, false);
    } else {
      ps.setString(i, "\"" + Base64.getEncoder().encodeToString(value) + "\"");
      ps.setBoolean(i + 1, true);
    }
    return i + 2;
  }

  /**
   * v1 etags are transaction ids (unsigned 32-bit), v2 etags are UUIDs. A malformed one follows
   * Dapr's rule per version: "invalid" on v1, a mismatch on v2 (no row can have it).
   */
  private String checkEtag(String key, ETag etag) {
    String v = etag.value();
    try {
      if (v2) {
        UUID uuid = UUID.fromString(v);
        // UUID.fromString also takes short groups ("1-2-3-4-5"); PostgreSQL does not.
        if (!uuid.toString().equalsIgnoreCase(v)) {
          throw new IllegalArgumentException(v);
        }
        return uuid.toString();
      }
      long x = Long.parseLong(v);
      if (x < 0 || x > 0xffffffffL) {
        throw new NumberFormatException();
      }
      return Long.toString(x);
    } catch (IllegalArgumentException e) {
      String why = "state store '" + name + "', key '" + key + "': etag '" + v + "' is not ";
      if (v2) {
        throw new ETagMismatchException(why + "a UUID, so no row has it");
      }
      throw new ETagInvalidException(why + "a transaction id");
    }
  }

  private ETagMismatchException mismatch(StateMutation m) {
    String why =
        etagOf(m) != null
            ? "etag does not match or the key does not exist"
            : "first-write: key exists";
    return new ETagMismatchException("state store '" + name + "', key '" + m.key() + "': " + why);
  }

  @Override
  public void bulkSet(List<SetRequest> requests) throws SQLException {
    bulk(requests);
  }

  @Override
  public void bulkDelete(List<DeleteRequest> requests) throws SQLException {
    bulk(requests);
  }

  /**
   * Runs each item on its own (not atomic) over one connection, sending runs of identical
   * statements as one JDBC batch. Items go in key order (stable, so one key's items keep theirs): a
   * batch is one implicit transaction that locks its rows as it goes, and batches of concurrent
   * calls that lock shared rows in one order cannot deadlock. A batch the database refuses as a
   * whole is retried item by item, so each failing key is reported in {@link BulkStateException}.
   */
  private void bulk(List<? extends StateMutation> requests) throws SQLException {
    List<StateMutation> ordered = new ArrayList<>(requests);
    ordered.sort(Comparator.comparing(StateMutation::key));
    Map<String, RuntimeException> failures = new LinkedHashMap<>();
    try (Connection c = ds.getConnection()) {
      int i = 0;
      while (i < ordered.size()) {
        StateMutation first = ordered.get(i);
        String sql;
        try {
          sql = sqlOf(first);
        } catch (RuntimeException e) {
          failures.put(first.key(), e);
          i++;
          continue;
        }
        int end = i + 1;
        while (end < ordered.size() && sameSql(ordered.get(end), sql)) {
          end++;
        }
        List<StateMutation> run = new ArrayList<>(ordered.subList(i, end));
        try {
          runBatch(c, sql, run, failures);
        } catch (SQLException e) {
          if (isConnectionLost(e)) {
            throw e;
          }
          // The batch rolled back as a whole (a refused row, a deadlock): find the culprits.
          for (StateMutation m : run) {
            try {
              if (apply(c, m) == 0 && conditional(m)) {
                failures.put(m.key(), mismatch(m));
              }
            } catch (SQLException one) {
              if (isConnectionLost(one)) {
                throw one;
              }
              failures.put(m.key(), itemFailure(m, one));
            }
          }
        }
        i = end;
      }
    }
    if (!failures.isEmpty()) {
      throw new BulkStateException(failures);
    }
  }

  private static boolean isConnectionLost(SQLException e) {
    String state = e.getSQLState();
    return state == null || state.startsWith("08") || state.startsWith("57P");
  }

  /** An item's own failure: invalid input is the caller's, anything else the database's. */
  private RuntimeException itemFailure(StateMutation m, SQLException e) {
    if (isInvalidInput(e)) {
      return invalid(m.key(), e);
    }
    return new ComponentException(
        name, "state.postgresql", "write of key '" + m.key() + "' failed: " + safe(e), null);
  }

  /** Values PostgreSQL refuses (sizes past its limits, bad encodings): the request's fault. */
  private static boolean isInvalidInput(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.equals("54000") || state.startsWith("22"));
  }

  private InvalidRequestException invalid(String key, SQLException e) {
    return new InvalidRequestException(
        "state store '" + name + "', key '" + key + "': PostgreSQL refused it: " + safe(e));
  }

  /**
   * A database error without the statement or row it quotes: the server's first line, which names
   * the problem but no value (the driver runs with {@code logServerErrorDetail=false}).
   */
  private static String safe(SQLException e) {
    String state = e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")";
    if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
      return p.getServerErrorMessage().getMessage() + state;
    }
    SQLException next = e.getNextException();
    if (next instanceof PSQLException p && p.getServerErrorMessage() != null) {
      return p.getServerErrorMessage().getMessage() + state;
    }
    return e.getClass().getSimpleName() + state;
  }

  private boolean sameSql(StateMutation m, String sql) {
    try {
      return sqlOf(m).equals(sql);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private String sqlOf(StateMutation m) {
    checkKey(m.key());
    if (m instanceof DeleteRequest d) {
      return etagOf(d) == null ? deleteSql : deleteIfSql;
    }
    SetRequest s = (SetRequest) m;
    StateComponents.ttlSeconds(s.metadata());
    if (etagOf(s) != null) {
      checkEtag(s.key(), etagOf(s));
      return updateSql;
    }
    return s.concurrency() == Concurrency.FIRST_WRITE ? insertFirstSql : upsertSql;
  }

  private void runBatch(
      Connection c, String sql, List<StateMutation> run, Map<String, RuntimeException> failures)
      throws SQLException {
    if (run.size() == 1) {
      StateMutation m = run.get(0);
      if (apply(c, m) == 0 && conditional(m)) {
        failures.put(m.key(), mismatch(m));
      }
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (StateMutation m : run) {
        bindParameters(ps, m);
        ps.addBatch();
      }
      int[] counts = ps.executeBatch();
      for (int k = 0; k < counts.length; k++) {
        StateMutation m = run.get(k);
        if (counts[k] == 0 && conditional(m)) {
          failures.put(m.key(), mismatch(m));
        }
      }
    }
  }

  /** Binds the parameters of {@link #sqlOf}'s statement for one mutation. */
  private void bindParameters(PreparedStatement ps, StateMutation m) throws SQLException {
    if (m instanceof DeleteRequest d) {
      ps.setString(1, d.key());
      if (etagOf(d) != null) {
        ps.setString(2, checkEtag(d.key(), etagOf(d)));
      }
      return;
    }
    SetRequest s = (SetRequest) m;
    Long ttl = StateComponents.ttlSeconds(s.metadata());
    Long ttlParam = ttl != null && ttl > 0 ? ttl : null;
    if (etagOf(s) != null) {
      int i = bindValue(ps, 1, s);
      setTtl(ps, i++, ttlParam);
      ps.setString(i++, s.key());
      ps.setString(i, checkEtag(s.key(), etagOf(s)));
    } else {
      ps.setString(1, s.key());
      setTtl(ps, bindValue(ps, 2, s), ttlParam);
    }
  }

  private static boolean isJson(Map<String, String> metadata) {
    String type = null;
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getKey().equalsIgnoreCase("contentType")) {
        type = e.getValue();
      }
    }
    if (type == null) {
      return false;
    }
    String t = type.toLowerCase(Locale.ROOT);
    int semicolon = t.indexOf(';');
    t = (semicolon >= 0 ? t.substring(0, semicolon) : t).trim();
    return t.equals("application/json") || t.endsWith("+json");
  }

  /** Dapr treats an empty etag as none. */
  private static ETag etagOf(StateMutation m) {
    ETag e = m.etag();
    return e == null || e.value().isEmpty() ? null : e;
  }

  private static boolean conditional(StateMutation m) {
    return etagOf(m) != null
        || (m instanceof SetRequest s && s.concurrency() == Concurrency.FIRST_WRITE);
  }

  @Override
  public void transact(List<StateMutation> operations, Map<String, String> metadata)
      throws SQLException {
    if (operations.isEmpty()) {
      return;
    }
    // Every statement is built, and so every request checked, before anything is written.
    List<String> sqls = new ArrayList<>(operations.size());
    for (StateMutation m : operations) {
      sqls.add(sqlOf(m));
    }
    for (int attempt = 1; ; attempt++) {
      try (Connection c = ds.getConnection()) {
        c.setAutoCommit(false);
        try {
          for (int i = 0; i < operations.size(); i++) {
            StateMutation m = operations.get(i);
            if (apply(c, sqls.get(i), m) == 0 && conditional(m)) {
              throw mismatch(m);
            }
          }
          c.commit();
          return;
        } catch (SQLException | RuntimeException e) {
          try {
            c.rollback();
          } catch (SQLException re) {
            e.addSuppressed(re);
          }
          // A deadlock victim was rolled back entirely: running it again is safe.
          if (e instanceof SQLException se
              && "40P01".equals(se.getSQLState())
              && attempt < DEADLOCK_ATTEMPTS) {
            LOG.debug("state store '{}': transaction chosen as deadlock victim; retrying", name);
            continue;
          }
          if (e instanceof SQLException se && isInvalidInput(se)) {
            throw new InvalidRequestException(
                "state store '" + name + "': PostgreSQL refused the transaction: " + safe(se));
          }
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      }
    }
  }

  @Override
  public QueryResult<byte[]> query(StateQuery query, Map<String, String> metadata)
      throws SQLException {
    if (v2) {
      throw new UnsupportedFeatureException(
          "state store '" + name + "' (state.postgresql v2) does not support querying");
    }
    PostgresqlQuery q = PostgresqlQuery.build(settings.stateTable, query);
    List<StateItem<byte[]>> items = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(q.sql())) {
      q.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          items.add(readItem(rs));
        }
      }
    }
    String token =
        query.limit() > 0 && items.size() == query.limit()
            ? Long.toString(q.offset() + items.size())
            : null;
    return new QueryResult<>(items, token, Map.of());
  }

  @Override
  public KeysPage keysLike(String pattern, Integer pageSize, String continuationToken)
      throws SQLException {
    if (pattern == null || pattern.isEmpty()) {
      throw new InvalidRequestException("keys like pattern cannot be empty");
    }
    checkKey(pattern);
    long after = 0;
    if (continuationToken != null && !continuationToken.isEmpty()) {
      try {
        after = Long.parseLong(continuationToken);
      } catch (NumberFormatException e) {
        throw new InvalidRequestException("invalid continuation token '" + continuationToken + "'");
      }
    }
    boolean paged = pageSize != null && pageSize > 0;
    List<String> keys = new ArrayList<>();
    long lastRowId = 0;
    boolean more = false;
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(keysLikeSql)) {
      ps.setString(1, pattern);
      ps.setLong(2, after);
      ps.setLong(3, paged ? pageSize + 1L : Long.MAX_VALUE);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (paged && keys.size() == pageSize) {
            more = true;
            break;
          }
          keys.add(rs.getString(1));
          lastRowId = rs.getLong(2);
        }
      }
    }
    return new KeysPage(keys, more ? Long.toString(lastRowId) : null);
  }

  /** Deletes expired rows, at most once per interval across every process sharing the table. */
  void sweep() {
    String lastKey = v2 ? "last-cleanup-state-v2-" + settings.tablePrefix : "last-cleanup";
    String expires = v2 ? "expires_at" : "expiredate";
    String claim =
        "INSERT INTO "
            + settings.metadataTable
            + " (key, value) VALUES (?, now()::text) ON CONFLICT (key) DO UPDATE SET value ="
            + " now()::text WHERE (EXTRACT('epoch' FROM now() - "
            + settings.metadataTable
            + ".value::timestamp with time zone) * 1000)::bigint > ?";
    try (Connection c = ds.getConnection()) {
      int claimed;
      try (PreparedStatement ps = c.prepareStatement(claim)) {
        ps.setString(1, lastKey);
        // a little slack so that two processes on the same interval do not both skip a round
        ps.setLong(2, Math.max(0, settings.cleanupInterval.toMillis() - 500));
        claimed = ps.executeUpdate();
      }
      if (claimed == 0) {
        return;
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "DELETE FROM "
                  + settings.stateTable
                  + " WHERE "
                  + expires
                  + " IS NOT NULL AND "
                  + expires
                  + " < now()")) {
        int n = ps.executeUpdate();
        if (n > 0) {
          LOG.debug("state store '{}': deleted {} expired rows", name, n);
        }
      }
    } catch (SQLException | RuntimeException e) {
      LOG.warn("state store '{}': expiry sweep failed, will retry next round", name, e);
    }
  }

  @Override
  public void close() {
    if (sweeper != null) {
      sweeper.cancel();
    }
    workflows.close();
    ds.close();
  }

  @Override
  public String toString() {
    return "PostgresqlStateComponent[" + name + ", " + settings + "]";
  }
}
