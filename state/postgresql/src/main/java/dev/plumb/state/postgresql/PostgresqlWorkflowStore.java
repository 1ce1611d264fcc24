package dev.plumb.state.postgresql;

import dev.plumb.api.workflow.FailureDetails;
import dev.plumb.api.workflow.WorkflowQuery;
import dev.plumb.api.workflow.WorkflowStatus;
import dev.plumb.api.workflow.spi.Commit;
import dev.plumb.api.workflow.spi.HistoryEvent;
import dev.plumb.api.workflow.spi.InstanceRecord;
import dev.plumb.api.workflow.spi.Lease;
import dev.plumb.api.workflow.spi.Leases;
import dev.plumb.api.workflow.spi.StoredInstance;
import dev.plumb.api.workflow.spi.WorkItem;
import dev.plumb.api.workflow.spi.WorkKey;
import dev.plumb.api.workflow.spi.WorkflowBinaryCodec;
import dev.plumb.api.workflow.spi.WorkflowStore;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow store on PostgreSQL, in tables beside the state table, every row keyed by the
 * application id first so that applications sharing the tables never see each other's data:
 *
 * <ul>
 *   <li>{@code <state>_wf_instances}: one row per instance (its metadata in columns, its partition
 *       and its row version);
 *   <li>{@code <state>_wf_history}: one row per step of the current generation, keyed by the row
 *       version the step wrote (so in step order), its events encoded by {@link
 *       WorkflowBinaryCodec} and the fencing epoch it was committed under;
 *   <li>{@code <state>_wf_work}: one row per pending activity, timer or message, with its
 *       partition;
 *   <li>{@code <state>_wf_signals}: the instances whose partition's owner must read their work;
 *   <li>{@code <state>_wf_leases}, {@code <state>_wf_members}, {@code <state>_wf_epochs}: the
 *       partition leases, the live engines and the epoch counter.
 * </ul>
 *
 * <p>Group commit: {@link #commit} queues the commit and waits; a committer thread takes every
 * queued commit into one transaction (one WAL flush for all of them). Optimistically, in one
 * pipelined round trip: it updates the batch's instance rows in id order with every commit's
 * version check in the statement (which fails unless all passed), inserts new rows, locks the
 * leases of their partitions ({@code FOR KEY SHARE}, which a lease grant's delete waits for, so a
 * step passes its epoch check only if it commits before any new owner can read the partition) in a
 * statement that fails unless every epoch is current, and writes history, work and signals with one
 * multi-row statement per table over {@code unnest}ed arrays, in key order. If a check fails, it
 * runs again in two round trips: the rows locked and read, then the writes of the commits that pass
 * their own checks (see {@link #write}). A commit that fails its check gets its own result; one
 * that makes the whole transaction fail is retried alone, so it fails alone.
 *
 * <p>The tables are created on first use and never touch Dapr's migration levels. Thread-safe.
 */
final class PostgresqlWorkflowStore implements WorkflowStore, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresqlWorkflowStore.class);
  private static final int MAX_BATCH = 500;
  private static final int RETRIES = 3;

  /**
   * Two: measured on the chained-workflow benchmark (100 in flight), a second committer builds and
   * sends its batch while the first one's is in the database: 743 against 672 workflows per second.
   */
  private static final int COMMITTERS = 2;

  /** What the optimistic check's division by zero raises. */
  private static final String CHECK_FAILED = "22012";

  private static final String INSTANCE_COLUMNS =
      "instance_id, name, version_name, status, created_ns, updated_ns, input, output,"
          + " custom_status, failure_type, failure_message, failure_stack, stalled_reason,"
          + " parent_id, generation, version";

  private final String component;
  private final DataSource ds;
  private final String appId;
  private final String instances;
  private final String history;
  private final String work;
  private final String signals;
  private final String leases;
  private final String members;
  private final String epochs;
  private final ReentrantLock creating = new ReentrantLock();
  private volatile boolean created;

  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Object lifecycle = new Object();
  private final List<Thread> committers = new ArrayList<>();
  private volatile boolean closed;

  /** A queued commit and its caller's future. */
  private record Pending(Commit commit, CompletableFuture<Commit.Result> result) {}

  /** The pill that stops the committer. */
  private static final Pending STOP = new Pending(null, null);

  PostgresqlWorkflowStore(String component, DataSource ds, String stateTable, String appId) {
    this.component = component;
    this.ds = ds;
    this.appId = appId;
    this.instances = stateTable + "_wf_instances";
    this.history = stateTable + "_wf_history";
    this.work = stateTable + "_wf_work";
    this.signals = stateTable + "_wf_signals";
    this.leases = stateTable + "_wf_leases";
    this.members = stateTable + "_wf_members";
    this.epochs = stateTable + "_wf_epochs";
  }

  private static String bare(String table) {
    return table.substring(table.lastIndexOf('.') + 1);
  }

  /** Creates the tables once; concurrent creators in other JVMs are tolerated. */
  private void ensureTables(Connection c) throws SQLException {
    if (created) {
      return;
    }
    creating.lock();
    try {
      if (created) {
        return;
      }
      String[] ddl = {
        "CREATE TABLE IF NOT EXISTS "
            + instances
            + " (app_id text NOT NULL, instance_id text NOT NULL, partition_id integer NOT NULL,"
            + " name text NOT NULL, version_name text, status text NOT NULL,"
            + " created_ns bigint NOT NULL, updated_ns bigint NOT NULL, input bytea,"
            + " output bytea, custom_status bytea, failure_type text, failure_message text,"
            + " failure_stack text, stalled_reason text, parent_id text,"
            + " generation bigint NOT NULL, version bigint NOT NULL,"
            + " PRIMARY KEY (app_id, instance_id)) WITH (fillfactor = 80)",
        "CREATE INDEX IF NOT EXISTS "
            + bare(instances)
            + "_created ON "
            + instances
            + " (app_id, created_ns DESC, instance_id)",
        "CREATE INDEX IF NOT EXISTS "
            + bare(instances)
            + "_parent ON "
            + instances
            + " (app_id, parent_id) WHERE parent_id IS NOT NULL",
        "CREATE TABLE IF NOT EXISTS "
            + history
            + " (app_id text NOT NULL, instance_id text NOT NULL, step integer NOT NULL,"
            + " epoch bigint NOT NULL, events bytea NOT NULL,"
            + " PRIMARY KEY (app_id, instance_id, step))",
        "CREATE TABLE IF NOT EXISTS "
            + work
            + " (app_id text NOT NULL, instance_id text NOT NULL, key text NOT NULL,"
            + " partition_id integer NOT NULL, kind text NOT NULL, item bytea NOT NULL,"
            + " PRIMARY KEY (app_id, instance_id, key))",
        "CREATE INDEX IF NOT EXISTS "
            + bare(work)
            + "_partition ON "
            + work
            + " (app_id, partition_id)",
        "CREATE TABLE IF NOT EXISTS "
            + signals
            + " (app_id text NOT NULL, partition_id integer NOT NULL, instance_id text NOT NULL,"
            + " PRIMARY KEY (app_id, partition_id, instance_id))",
        "CREATE TABLE IF NOT EXISTS "
            + leases
            + " (app_id text NOT NULL, partition_id integer NOT NULL, owner text NOT NULL,"
            + " epoch bigint NOT NULL, expires_ns bigint NOT NULL,"
            + " PRIMARY KEY (app_id, partition_id))",
        "CREATE TABLE IF NOT EXISTS "
            + members
            + " (app_id text NOT NULL, owner text NOT NULL, expires_ns bigint NOT NULL,"
            + " PRIMARY KEY (app_id, owner))",
        "CREATE TABLE IF NOT EXISTS "
            + epochs
            + " (app_id text NOT NULL PRIMARY KEY, epoch bigint NOT NULL)"
      };
      for (String sql : ddl) {
        try (Statement st = c.createStatement()) {
          st.execute(sql);
        } catch (SQLException e) {
          // Two starters creating at once: one of them hits a unique violation on the catalog.
          if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
            throw e;
          }
        }
      }
      created = true;
    } finally {
      creating.unlock();
    }
  }

  /** A pooled connection with the tables created. */
  private Connection connection() throws SQLException {
    Connection c = ds.getConnection();
    try {
      ensureTables(c);
      return c;
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private int partition(String instanceId) {
    return WorkflowStore.partitionOf(instanceId, partitions());
  }

  // ---- leases ----

  @Override
  public Leases lease(
      String owner, Set<Integer> acquire, Set<Integer> release, Instant now, Duration ttl)
      throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = connection()) {
        c.setAutoCommit(false);
        try {
          Leases result = leaseStep(c, owner, acquire, release, now, ttl);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          rollback(c, e);
          if (attempt < RETRIES && isTransient(e)) {
            continue;
          }
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      }
    }
  }

  /**
   * The lease step in one transaction. The application's epoch row is locked first, so lease steps
   * of one application run one at a time and epochs are granted in commit order; the step then
   * computes exactly what the in-memory reference does and writes the difference. A lease that
   * changes hands is deleted (after locking the rows in partition order), which waits for the
   * batches of commits holding it; renewals only update, which does not.
   */
  private Leases leaseStep(
      Connection c,
      String owner,
      Set<Integer> acquire,
      Set<Integer> release,
      Instant now,
      Duration ttl)
      throws SQLException {
    long nowNs = WorkflowNanos.nanos(now);
    Instant until = now.plus(ttl);
    long untilNs = WorkflowNanos.nanos(until);
    long epoch = 0;
    Map<Integer, Lease> table = new TreeMap<>();
    Map<String, Instant> live = new HashMap<>();
    // One round trip: the lock, then (each statement with a snapshot after it) the table.
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + epochs
                + " AS e (app_id, epoch) VALUES (?, 0) ON CONFLICT (app_id) DO UPDATE"
                + " SET epoch = e.epoch RETURNING epoch;"
                + " SELECT partition_id, owner, epoch, expires_ns FROM "
                + leases
                + " WHERE app_id = ?; SELECT owner, expires_ns FROM "
                + members
                + " WHERE app_id = ?")) {
      ps.setString(1, appId);
      ps.setString(2, appId);
      ps.setString(3, appId);
      ps.execute();
      try (ResultSet rs = ps.getResultSet()) {
        rs.next();
        epoch = rs.getLong(1);
      }
      ps.getMoreResults();
      try (ResultSet rs = ps.getResultSet()) {
        while (rs.next()) {
          table.put(
              rs.getInt(1),
              new Lease(
                  rs.getInt(1),
                  rs.getString(2),
                  rs.getLong(3),
                  WorkflowNanos.instant(rs.getLong(4))));
        }
      }
      ps.getMoreResults();
      try (ResultSet rs = ps.getResultSet()) {
        while (rs.next()) {
          live.put(rs.getString(1), WorkflowNanos.instant(rs.getLong(2)));
        }
      }
    }
    live.put(owner, until);
    live.values().removeIf(t -> !t.isAfter(now));
    Set<Integer> dropped = new TreeSet<>();
    Set<Integer> granted = new TreeSet<>();
    for (Lease l : new ArrayList<>(table.values())) {
      if (l.owner().equals(owner)) {
        if (release.contains(l.partition())) {
          table.remove(l.partition());
          dropped.add(l.partition());
        } else {
          table.put(l.partition(), new Lease(l.partition(), owner, l.epoch(), until));
        }
      }
    }
    for (int p : new TreeSet<>(acquire)) {
      Lease l = table.get(p);
      if (p >= 0 && p < partitions() && (l == null || !l.expiresAt().isAfter(now))) {
        table.put(p, new Lease(p, owner, ++epoch, until));
        if (l != null) {
          dropped.add(p);
        }
        granted.add(p);
      }
    }
    // One round trip for the writes. A step that grants nothing waits for no WAL flush: losing
    // a renewal in a server crash leaves a lease ending a quarter period earlier, within the
    // two thirds its owner counts on; a grant (a new epoch) is flushed.
    StringBuilder sql = new StringBuilder();
    List<Object> args = new ArrayList<>();
    if (granted.isEmpty()) {
      sql.append("SELECT set_config('synchronous_commit', 'off', true);");
    }
    sql.append("INSERT INTO ")
        .append(members)
        .append(" (app_id, owner, expires_ns) VALUES (?, ?, ?) ON CONFLICT (app_id, owner)")
        .append(" DO UPDATE SET expires_ns = excluded.expires_ns;");
    Collections.addAll(args, appId, owner, untilNs);
    sql.append("DELETE FROM ").append(members).append(" WHERE app_id = ? AND expires_ns <= ?;");
    Collections.addAll(args, appId, nowNs);
    if (!dropped.isEmpty()) {
      // Locked in partition order, as batches of commits lock them: no deadlock between the two.
      Integer[] parts = dropped.toArray(new Integer[0]);
      sql.append("SELECT partition_id FROM ")
          .append(leases)
          .append(" WHERE app_id = ? AND partition_id = ANY(?) ORDER BY partition_id FOR UPDATE;")
          .append("DELETE FROM ")
          .append(leases)
          .append(" WHERE app_id = ? AND partition_id = ANY(?);");
      Collections.addAll(args, appId, parts, appId, parts);
    }
    sql.append("UPDATE ")
        .append(leases)
        .append(" SET expires_ns = ? WHERE app_id = ? AND owner = ?;");
    Collections.addAll(args, untilNs, appId, owner);
    if (!granted.isEmpty()) {
      Integer[] parts = granted.toArray(new Integer[0]);
      Long[] grantedEpochs = granted.stream().map(p -> table.get(p).epoch()).toArray(Long[]::new);
      sql.append("INSERT INTO ")
          .append(leases)
          .append(" (app_id, partition_id, owner, epoch, expires_ns) SELECT ?, p, ?, e, ? FROM")
          .append(" unnest(?::int4[], ?::int8[]) AS g(p, e);")
          .append("UPDATE ")
          .append(epochs)
          .append(" SET epoch = ? WHERE app_id = ?;");
      Collections.addAll(args, appId, owner, untilNs, parts, grantedEpochs, epoch, appId);
    }
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        Object a = args.get(i);
        if (a instanceof Integer[] ints) {
          ps.setArray(i + 1, c.createArrayOf("int4", ints));
        } else if (a instanceof Long[] longs) {
          ps.setArray(i + 1, c.createArrayOf("int8", longs));
        } else {
          ps.setObject(i + 1, a);
        }
      }
      ps.execute();
      while (ps.getMoreResults() || ps.getUpdateCount() != -1) {
        // every statement's result is read, so that a failing one throws here
      }
    }
    return new Leases(new ArrayList<>(table.values()), live);
  }

  // ---- reading ----

  @Override
  public InstanceRecord get(String instanceId) throws SQLException {
    try (Connection c = connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + INSTANCE_COLUMNS
                    + " FROM "
                    + instances
                    + " WHERE app_id = ? AND instance_id = ?")) {
      ps.setString(1, appId);
      ps.setString(2, instanceId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? record(rs) : null;
      }
    }
  }

  /** The row and its history in one statement, so both come from one snapshot. */
  @Override
  public StoredInstance load(String instanceId) throws SQLException {
    try (Connection c = connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + INSTANCE_COLUMNS
                    + ", ARRAY(SELECT h.events FROM "
                    + history
                    + " h WHERE h.app_id = i.app_id AND h.instance_id = i.instance_id"
                    + " ORDER BY h.step) FROM "
                    + instances
                    + " i WHERE i.app_id = ? AND i.instance_id = ?")) {
      ps.setString(1, appId);
      ps.setString(2, instanceId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        InstanceRecord r = record(rs);
        List<HistoryEvent> events = new ArrayList<>();
        Array steps = rs.getArray(17);
        try {
          for (Object step : (Object[]) steps.getArray()) {
            events.addAll(WorkflowBinaryCodec.decodeEvents((byte[]) step, 0));
          }
        } finally {
          steps.free();
        }
        return new StoredInstance(r, events);
      }
    }
  }

  @Override
  public List<WorkItem> pendingWork(int partition) throws SQLException {
    try (Connection c = connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT instance_id, key, kind, item FROM "
                    + work
                    + " WHERE app_id = ? AND partition_id = ?")) {
      ps.setString(1, appId);
      ps.setInt(2, partition);
      return readWork(ps);
    }
  }

  /**
   * Takes the signals of the partitions ({@code FOR UPDATE SKIP LOCKED}: a signal a concurrent
   * caller is taking is left to it) and returns those instances' work, in one statement.
   */
  @Override
  public List<WorkItem> inbox(Set<Integer> partitions) throws SQLException {
    if (partitions.isEmpty()) {
      return List.of();
    }
    try (Connection c = connection();
        PreparedStatement ps =
            c.prepareStatement(
                "WITH taken AS (DELETE FROM "
                    + signals
                    + " s WHERE (s.app_id, s.partition_id, s.instance_id) IN (SELECT app_id,"
                    + " partition_id, instance_id FROM "
                    + signals
                    + " WHERE app_id = ? AND partition_id = ANY(?) FOR UPDATE SKIP LOCKED)"
                    + " RETURNING s.instance_id) SELECT w.instance_id, w.key, w.kind, w.item FROM "
                    + work
                    + " w WHERE w.app_id = ? AND w.instance_id IN (SELECT instance_id FROM"
                    + " taken)")) {
      ps.setString(1, appId);
      ps.setArray(2, c.createArrayOf("int4", partitions.toArray(new Integer[0])));
      ps.setString(3, appId);
      return readWork(ps);
    }
  }

  private static List<WorkItem> readWork(PreparedStatement ps) throws SQLException {
    List<WorkItem> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            WorkflowBinaryCodec.decodeWork(
                rs.getString(1),
                rs.getString(2),
                WorkItem.Kind.valueOf(rs.getString(3)),
                rs.getBytes(4),
                0));
      }
    }
    return out;
  }

  /**
   * Newest first, by creation time then id; the continuation token is the last row's creation time
   * and id, so a page starts right after it whatever was added since.
   */
  @Override
  public InstancePage list(WorkflowQuery query) throws SQLException {
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(INSTANCE_COLUMNS)
            .append(" FROM ")
            .append(instances)
            .append(" WHERE app_id = ?");
    List<Object> args = new ArrayList<>();
    args.add(appId);
    if (!query.statuses().isEmpty()) {
      sql.append(" AND status = ANY(?)");
      args.add(query.statuses().stream().map(Enum::name).toArray(String[]::new));
    }
    if (query.name() != null) {
      sql.append(" AND name = ?");
      args.add(query.name());
    }
    if (query.createdFrom() != null) {
      sql.append(" AND created_ns >= ?");
      args.add(WorkflowNanos.nanos(query.createdFrom()));
    }
    if (query.createdTo() != null) {
      sql.append(" AND created_ns < ?");
      args.add(WorkflowNanos.nanos(query.createdTo()));
    }
    String token = query.continuationToken();
    if (token != null) {
      int colon = token.indexOf(':');
      long after;
      try {
        after = Long.parseLong(colon < 0 ? "" : token.substring(0, colon));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "workflow store '" + component + "': invalid continuation token", e);
      }
      sql.append(" AND (created_ns < ? OR (created_ns = ? AND instance_id > ?))");
      args.add(after);
      args.add(after);
      args.add(token.substring(colon + 1));
    }
    sql.append(" ORDER BY created_ns DESC, instance_id LIMIT ?");
    args.add(query.pageSize() + 1);
    List<InstanceRecord> out = new ArrayList<>();
    try (Connection c = connection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        Object a = args.get(i);
        if (a instanceof String[] s) {
          ps.setArray(i + 1, c.createArrayOf("text", s));
        } else {
          ps.setObject(i + 1, a);
        }
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(record(rs));
        }
      }
    }
    if (out.size() <= query.pageSize()) {
      return new InstancePage(out, null);
    }
    List<InstanceRecord> page = out.subList(0, query.pageSize());
    InstanceRecord last = page.get(page.size() - 1);
    return new InstancePage(page, WorkflowNanos.nanos(last.createdAt()) + ":" + last.instanceId());
  }

  @Override
  public List<String> children(String parentInstanceId) throws SQLException {
    try (Connection c = connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT instance_id FROM " + instances + " WHERE app_id = ? AND parent_id = ?")) {
      ps.setString(1, appId);
      ps.setString(2, parentInstanceId);
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }
  }

  /** Deletes the row, history, work and signal in one transaction; not fenced, as the reference. */
  @Override
  public boolean purge(String instanceId, long epoch) throws SQLException {
    try (Connection c = connection()) {
      c.setAutoCommit(false);
      try {
        int rows;
        try (PreparedStatement ps =
            c.prepareStatement(
                "DELETE FROM " + instances + " WHERE app_id = ? AND instance_id = ?")) {
          ps.setString(1, appId);
          ps.setString(2, instanceId);
          rows = ps.executeUpdate();
        }
        for (String t : List.of(history, work)) {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM " + t + " WHERE app_id = ? AND instance_id = ?")) {
            ps.setString(1, appId);
            ps.setString(2, instanceId);
            ps.executeUpdate();
          }
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "DELETE FROM "
                    + signals
                    + " WHERE app_id = ? AND partition_id = ? AND instance_id = ?")) {
          ps.setString(1, appId);
          ps.setInt(2, partition(instanceId));
          ps.setString(3, instanceId);
          ps.executeUpdate();
        }
        c.commit();
        return rows > 0;
      } catch (SQLException | RuntimeException e) {
        rollback(c, e);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  private static InstanceRecord record(ResultSet rs) throws SQLException {
    String failureType = rs.getString(10);
    return new InstanceRecord(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        WorkflowStatus.valueOf(rs.getString(4)),
        WorkflowNanos.instant(rs.getLong(5)),
        WorkflowNanos.instant(rs.getLong(6)),
        rs.getBytes(7),
        rs.getBytes(8),
        rs.getBytes(9),
        failureType == null
            ? null
            : new FailureDetails(failureType, rs.getString(11), rs.getString(12)),
        rs.getString(13),
        rs.getString(14),
        rs.getLong(15),
        rs.getLong(16));
  }

  // ---- group commit ----

  /**
   * Queues the commit for the committer thread and waits for its batch's transaction.
   *
   * @throws IllegalStateException if the store is closed
   * @throws InterruptedException if the caller is interrupted while waiting; the commit may still
   *     be written
   */
  @Override
  public Commit.Result commit(Commit commit) throws Exception {
    Pending p = new Pending(commit, new CompletableFuture<>());
    startCommitter();
    queue.add(p);
    if (closed) {
      // close() may have drained the queue before this commit went in
      p.result().completeExceptionally(closedException());
    }
    try {
      return p.result().get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw (Error) cause;
    }
  }

  private IllegalStateException closedException() {
    return new IllegalStateException("state store '" + component + "' is closed");
  }

  private void startCommitter() {
    synchronized (lifecycle) {
      if (closed) {
        throw closedException();
      }
      while (committers.size() < COMMITTERS) {
        Thread t =
            new Thread(
                this::commitLoop, "plumb-workflow-commit-" + component + "-" + committers.size());
        t.setDaemon(true);
        t.start();
        committers.add(t);
      }
    }
  }

  private void commitLoop() {
    List<Pending> carried = new ArrayList<>();
    while (true) {
      List<Pending> taken = new ArrayList<>(carried);
      carried.clear();
      try {
        if (taken.isEmpty()) {
          taken.add(queue.take());
        }
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(taken, MAX_BATCH - taken.size());
      int stops = 0;
      while (taken.remove(STOP)) {
        stops++;
      }
      // one pill per committer: the others' go back
      for (int i = 1; i < stops; i++) {
        queue.add(STOP);
      }
      boolean stop = stops > 0;
      List<Pending> batch = new ArrayList<>(taken.size());
      Batching seen = new Batching();
      for (Pending p : taken) {
        (seen.admit(p.commit()) ? batch : carried).add(p);
      }
      run(batch);
      if (stop) {
        carried.forEach(p -> p.result().completeExceptionally(closedException()));
        return;
      }
    }
  }

  /**
   * What a batch already touches: a commit whose instance row, work keys or cleared instance
   * another commit of the batch touches waits for the next batch, so that the batch's multi-row
   * statements never touch a row twice and its commits apply as if one after the other.
   */
  private static final class Batching {
    private final Set<String> rows = new HashSet<>();
    private final Set<WorkKey> keys = new HashSet<>();
    private final Set<String> workOf = new HashSet<>();
    private final Set<String> cleared = new HashSet<>();

    boolean admit(Commit c) {
      boolean clears = c.record() != null && c.clearTasks();
      Set<WorkKey> mine = new HashSet<>(c.removed());
      c.added().forEach(w -> mine.add(w.workKey()));
      if (c.record() != null && rows.contains(c.instanceId())) {
        return false;
      }
      if (clears && workOf.contains(c.instanceId())) {
        return false;
      }
      for (WorkKey k : mine) {
        if (keys.contains(k) || cleared.contains(k.instanceId())) {
          return false;
        }
      }
      if (c.record() != null) {
        rows.add(c.instanceId());
      }
      if (clears) {
        cleared.add(c.instanceId());
      }
      keys.addAll(mine);
      mine.forEach(k -> workOf.add(k.instanceId()));
      return true;
    }
  }

  /**
   * Writes commits as one batch on the calling thread, as the committer does with what it took from
   * the queue; for tests that need several commits in one transaction.
   *
   * @param commits commits that touch distinct rows and work keys
   * @return each commit's result, failed with the exception if the commit failed
   */
  List<CompletableFuture<Commit.Result>> commitTogether(List<Commit> commits) {
    List<Pending> batch = new ArrayList<>();
    commits.forEach(c -> batch.add(new Pending(c, new CompletableFuture<>())));
    run(batch);
    List<CompletableFuture<Commit.Result>> out = new ArrayList<>();
    batch.forEach(p -> out.add(p.result()));
    return out;
  }

  /** Runs a batch; a batch the database refuses as a whole runs again one commit at a time. */
  private void run(List<Pending> batch) {
    if (batch.isEmpty()) {
      return;
    }
    try {
      Commit.Result[] results = transact(batch);
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).result().complete(results[i]);
      }
    } catch (SQLException | RuntimeException e) {
      if (batch.size() == 1) {
        batch.get(0).result().completeExceptionally(e);
        return;
      }
      LOG.debug(
          "workflow store '{}': a batch of {} commits failed ({}); committing them one by one",
          component,
          batch.size(),
          e.toString());
      for (Pending p : batch) {
        run(List.of(p));
      }
    }
  }

  private Commit.Result[] transact(List<Pending> batch) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = connection()) {
        c.setAutoCommit(false);
        try {
          Commit.Result[] results = write(c, batch);
          // The write script ended with COMMIT: this only syncs the driver's state.
          c.commit();
          return results;
        } catch (SQLException | RuntimeException e) {
          rollback(c, e);
          // A new row another transaction created since this one looked is a unique violation:
          // the next attempt sees the row and answers VERSION_CONFLICT.
          boolean retry =
              isTransient(e) || (e instanceof SQLException se && "23505".equals(se.getSQLState()));
          if (attempt < RETRIES && retry) {
            continue;
          }
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      }
    }
  }

  /** The locked state of an existing instance row. */
  private record Row(long version, WorkflowStatus status) {}

  /** An array parameter of a {@link Script}. */
  private record Arr(String type, Object[] values) {}

  /**
   * Statements sent together: one prepared statement of several, so one round trip runs them all in
   * order, each with a snapshot taken after the one before it ended.
   */
  private static final class Script {
    private final StringBuilder sql = new StringBuilder();
    private final List<Object> args = new ArrayList<>();

    Script add(String statement, Object... params) {
      if (sql.length() > 0) {
        sql.append(";\n");
      }
      sql.append(statement);
      Collections.addAll(args, params);
      return this;
    }

    boolean isEmpty() {
      return sql.length() == 0;
    }

    PreparedStatement prepare(Connection c) throws SQLException {
      PreparedStatement ps = c.prepareStatement(sql.toString());
      try {
        for (int i = 0; i < args.size(); i++) {
          Object a = args.get(i);
          if (a instanceof Arr arr) {
            ps.setArray(i + 1, c.createArrayOf(arr.type(), arr.values()));
          } else {
            ps.setObject(i + 1, a);
          }
        }
        return ps;
      } catch (SQLException | RuntimeException e) {
        ps.close();
        throw e;
      }
    }
  }

  /**
   * One batch's transaction. First optimistically in one round trip: the row updates that check
   * every commit's version, the inserts, the lease check (each check failing its statement with a
   * division by zero if a commit does not pass, an insert failing on a row that exists), every
   * other write and the COMMIT, pipelined. If a check fails, the transaction is rolled back and run
   * again in two round trips: the locks and reads, then the writes of the commits that pass their
   * own checks.
   */
  private Commit.Result[] write(Connection c, List<Pending> batch) throws SQLException {
    int n = batch.size();
    Set<String> ids = new TreeSet<>();
    Set<Integer> fencedPartitions = new TreeSet<>();
    for (Pending p : batch) {
      Commit cm = p.commit();
      if (cm.record() != null) {
        ids.add(cm.instanceId());
        if (cm.epoch() != 0) {
          fencedPartitions.add(partition(cm.instanceId()));
        }
      }
    }
    Commit.Result[] all = new Commit.Result[n];
    Arrays.fill(all, Commit.Result.OK);
    // The statements are prepared once per shape and run with arrays of any length: a generic
    // plan would guess each array's length; planning for the actual ones keeps key lookups.
    Script optimistic =
        new Script().add("SELECT set_config('plan_cache_mode', 'force_custom_plan', true)");
    addRows(optimistic, batch, all, true);
    if (!fencedPartitions.isEmpty()) {
      addLeaseCheck(optimistic, batch);
    }
    addHistoryAndWork(optimistic, batch, all);
    optimistic.add("COMMIT");
    try (PreparedStatement ps = optimistic.prepare(c)) {
      ps.execute();
      while (ps.getMoreResults() || ps.getUpdateCount() != -1) {
        // every statement's result is read, so that a failing one throws here
      }
      return all;
    } catch (SQLException e) {
      // a failed check, or an insert that met a row: sort the commits out one by one
      if (!CHECK_FAILED.equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
        throw e;
      }
    }
    c.rollback();
    Map<String, Row> rows = new HashMap<>();
    Map<Integer, Long> leaseEpochs = new HashMap<>();
    try (PreparedStatement ps = locks(ids, fencedPartitions).prepare(c)) {
      ps.execute();
      try (ResultSet rs = ps.getResultSet()) {
        while (rs.next()) {
          rows.put(
              rs.getString(1), new Row(rs.getLong(2), WorkflowStatus.valueOf(rs.getString(3))));
        }
      }
      if (!fencedPartitions.isEmpty()) {
        ps.getMoreResults();
        try (ResultSet rs = ps.getResultSet()) {
          while (rs.next()) {
            leaseEpochs.put(rs.getInt(1), rs.getLong(2));
          }
        }
      }
    }
    Commit.Result[] results = new Commit.Result[n];
    for (int i = 0; i < n; i++) {
      Commit cm = batch.get(i).commit();
      if (cm.record() == null) {
        results[i] = Commit.Result.OK;
        continue;
      }
      Row row = rows.get(cm.instanceId());
      long version = row == null ? 0 : row.version();
      if (version != cm.expectedVersion()) {
        results[i] = Commit.Result.VERSION_CONFLICT;
      } else if (!admits(cm, row, leaseEpochs)) {
        results[i] = Commit.Result.FENCED;
      } else {
        results[i] = Commit.Result.OK;
      }
    }
    Script writes = new Script();
    addRows(writes, batch, results, false);
    addHistoryAndWork(writes, batch, results);
    if (!writes.isEmpty()) {
      writes.add("COMMIT");
      try (PreparedStatement ps = writes.prepare(c)) {
        ps.execute();
        while (ps.getMoreResults() || ps.getUpdateCount() != -1) {
          // every statement's result is read, so that a failing one throws here
        }
      }
    }
    return results;
  }

  /** The batch's instance rows locked in id order, then the leases of their partitions. */
  private Script locks(Set<String> ids, Set<Integer> fencedPartitions) {
    Script reads = new Script();
    if (ids.isEmpty()) {
      return reads;
    }
    reads.add(
        "SELECT instance_id, version, status FROM "
            + instances
            + " WHERE app_id = ? AND instance_id = ANY(?) ORDER BY instance_id FOR UPDATE",
        appId,
        new Arr("text", ids.toArray(new String[0])));
    // A statement after the row locks: its snapshot sees every lease granted before them.
    if (!fencedPartitions.isEmpty()) {
      reads.add(
          "SELECT partition_id, epoch FROM "
              + leases
              + " WHERE app_id = ? AND partition_id = ANY(?) ORDER BY partition_id FOR KEY SHARE",
          appId,
          new Arr("int4", fencedPartitions.toArray(new Integer[0])));
    }
    return reads;
  }

  /**
   * A statement that locks the leases as {@link #locks} does and fails with {@link #CHECK_FAILED}
   * unless every fenced commit's epoch is its partition's current one. It runs after the rows'
   * statements, which lock the rows, as in {@link #locks}.
   */
  private void addLeaseCheck(Script script, List<Pending> batch) {
    Map<Integer, Set<Long>> epochs = new TreeMap<>();
    for (Pending p : batch) {
      Commit cm = p.commit();
      if (cm.record() != null && cm.epoch() != 0) {
        epochs.computeIfAbsent(partition(cm.instanceId()), k -> new TreeSet<>()).add(cm.epoch());
      }
    }
    List<Integer> part = new ArrayList<>();
    List<Long> epoch = new ArrayList<>();
    epochs.forEach(
        (p, es) ->
            es.forEach(
                e -> {
                  part.add(p);
                  epoch.add(e);
                }));
    script.add(
        "WITH l AS MATERIALIZED (SELECT partition_id, epoch FROM "
            + leases
            + " WHERE app_id = ? AND partition_id = ANY(?) ORDER BY partition_id FOR KEY SHARE)"
            + " SELECT 1 / (CASE WHEN bool_and(l.epoch IS NOT NULL AND l.epoch = v.epoch) THEN 1"
            + " ELSE 0 END) FROM unnest(?::int4[], ?::int8[]) AS v(part, epoch) LEFT JOIN l ON"
            + " l.partition_id = v.part",
        appId,
        new Arr("int4", epochs.keySet().toArray(new Integer[0])),
        new Arr("int4", part.toArray(new Integer[0])),
        new Arr("int8", epoch.toArray(new Long[0])));
  }

  private boolean admits(Commit c, Row row, Map<Integer, Long> leaseEpochs) {
    if (c.epoch() == 0) {
      return row == null || row.status().isTerminal();
    }
    Long held = leaseEpochs.get(partition(c.instanceId()));
    return held != null && held == c.epoch();
  }

  /**
   * Inserts (expected version 0) or updates the rows of the admitted commits. An insert that meets
   * a row fails the transaction with a unique violation (see {@link #write} and {@link #transact}).
   *
   * @param checked whether the updates check each commit's version and epoch-0 rule themselves
   *     (failing with {@link #CHECK_FAILED} if one does not pass), as {@link #admits} decides them,
   *     rather than relying on rows locked and checked before
   */
  private void addRows(
      Script script, List<Pending> batch, Commit.Result[] results, boolean checked) {
    List<Integer> inserts = new ArrayList<>();
    List<Integer> updates = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      Commit cm = batch.get(i).commit();
      if (results[i] == Commit.Result.OK && cm.record() != null) {
        (cm.expectedVersion() == 0 ? inserts : updates).add(i);
      }
    }
    // Rows and keys are written in a fixed order, so that two batches of two committers (or
    // engines) touching the same ones wait for each other rather than deadlock.
    Comparator<Integer> byId = Comparator.comparing(i -> batch.get(i).commit().instanceId());
    inserts.sort(byId);
    updates.sort(byId);
    if (!inserts.isEmpty()) {
      addRows(script, batch, inserts, true, false);
    }
    if (!updates.isEmpty()) {
      addRows(script, batch, updates, false, checked);
    }
  }

  private void addRows(
      Script script, List<Pending> batch, List<Integer> which, boolean insert, boolean checked) {
    int k = which.size();
    String[] id = new String[k];
    Integer[] partition = new Integer[k];
    String[] name = new String[k];
    String[] versionName = new String[k];
    String[] status = new String[k];
    Long[] createdNs = new Long[k];
    Long[] updatedNs = new Long[k];
    byte[][] input = new byte[k][];
    byte[][] output = new byte[k][];
    byte[][] custom = new byte[k][];
    String[] failureType = new String[k];
    String[] failureMessage = new String[k];
    String[] failureStack = new String[k];
    String[] stalled = new String[k];
    String[] parent = new String[k];
    Long[] generation = new Long[k];
    Long[] version = new Long[k];
    Long[] expected = new Long[k];
    Boolean[] unfenced = new Boolean[k];
    for (int j = 0; j < k; j++) {
      Commit cm = batch.get(which.get(j)).commit();
      InstanceRecord r = cm.record();
      id[j] = cm.instanceId();
      partition[j] = partition(cm.instanceId());
      name[j] = r.name();
      versionName[j] = r.versionName();
      status[j] = r.status().name();
      createdNs[j] = WorkflowNanos.nanos(r.createdAt());
      updatedNs[j] = WorkflowNanos.nanos(r.updatedAt());
      input[j] = r.input();
      output[j] = r.output();
      custom[j] = r.customStatus();
      FailureDetails f = r.failure();
      failureType[j] = f == null ? null : f.errorType();
      failureMessage[j] = f == null ? null : f.errorMessage();
      failureStack[j] = f == null ? null : f.stackTrace();
      stalled[j] = r.stalledReason();
      parent[j] = r.parentInstanceId();
      generation[j] = r.generation();
      version[j] = r.version();
      expected[j] = cm.expectedVersion();
      unfenced[j] = cm.epoch() == 0;
    }
    Object[] arrays = {
      new Arr("text", id),
      new Arr("int4", partition),
      new Arr("text", name),
      new Arr("text", versionName),
      new Arr("text", status),
      new Arr("int8", createdNs),
      new Arr("int8", updatedNs),
      new Arr("bytea", input),
      new Arr("bytea", output),
      new Arr("bytea", custom),
      new Arr("text", failureType),
      new Arr("text", failureMessage),
      new Arr("text", failureStack),
      new Arr("text", stalled),
      new Arr("text", parent),
      new Arr("int8", generation),
      new Arr("int8", version)
    };
    String unnest =
        " FROM unnest(?::text[], ?::int4[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::int8[],"
            + " ?::bytea[], ?::bytea[], ?::bytea[], ?::text[], ?::text[], ?::text[], ?::text[],"
            + " ?::text[], ?::int8[], ?::int8[]"
            + (checked ? ", ?::int8[], ?::bool[]" : "")
            + ") AS v(id, part, nm, vn, st, cr, up, inp, outp, cs, ft, fm, fs, sr, par, gen, ver"
            + (checked ? ", exp, unf)" : ")");
    String set =
        " SET name = v.nm, version_name = v.vn, status = v.st, created_ns = v.cr,"
            + " updated_ns = v.up, input = v.inp, output = v.outp, custom_status = v.cs,"
            + " failure_type = v.ft, failure_message = v.fm, failure_stack = v.fs,"
            + " stalled_reason = v.sr, parent_id = v.par, generation = v.gen, version = v.ver";
    List<Object> params = new ArrayList<>();
    if (insert) {
      params.add(appId);
      Collections.addAll(params, arrays);
      script.add(
          "INSERT INTO "
              + instances
              + " (app_id, instance_id, partition_id, name, version_name, status, created_ns,"
              + " updated_ns, input, output, custom_status, failure_type, failure_message,"
              + " failure_stack, stalled_reason, parent_id, generation, version)"
              + " SELECT ?, id, part, nm, vn, st, cr, up, inp, outp, cs, ft, fm, fs, sr, par, gen,"
              + " ver"
              + unnest,
          params.toArray());
    } else if (!checked) {
      Collections.addAll(params, arrays);
      params.add(appId);
      script.add(
          "UPDATE "
              + instances
              + " t"
              + set
              + unnest
              + " WHERE t.app_id = ? AND t.instance_id = v.id",
          params.toArray());
    } else {
      // Updates in id order lock the rows in id order; the count tells whether every commit's
      // version (and, unfenced, its row's status) passed, re-evaluated after any wait for a lock.
      Collections.addAll(params, arrays);
      params.add(new Arr("int8", expected));
      params.add(new Arr("bool", unfenced));
      params.add(appId);
      params.add(k);
      script.add(
          "WITH u AS (UPDATE "
              + instances
              + " t"
              + set
              + unnest
              + " WHERE t.app_id = ? AND t.instance_id = v.id AND t.version = v.exp AND (NOT v.unf"
              + " OR t.status IN ('COMPLETED', 'FAILED', 'CANCELED', 'TERMINATED')) RETURNING 1)"
              + " SELECT 1 / (CASE WHEN count(*) = ? THEN 1 ELSE 0 END) FROM u",
          params.toArray());
    }
  }

  /** History, cleared tasks, removed and added work and signals of the admitted commits. */
  private void addHistoryAndWork(Script script, List<Pending> batch, Commit.Result[] results) {
    List<String> resetIds = new ArrayList<>();
    List<String> clearIds = new ArrayList<>();
    List<String> histId = new ArrayList<>();
    List<Integer> histStep = new ArrayList<>();
    List<Long> histEpoch = new ArrayList<>();
    List<byte[]> histEvents = new ArrayList<>();
    List<WorkKey> removed = new ArrayList<>();
    Map<WorkKey, WorkItem> added =
        new TreeMap<>(Comparator.comparing(WorkKey::instanceId).thenComparing(WorkKey::key));
    Map<String, Integer> signalled = new TreeMap<>();
    for (int i = 0; i < batch.size(); i++) {
      if (results[i] != Commit.Result.OK) {
        continue;
      }
      Commit cm = batch.get(i).commit();
      if (cm.record() != null) {
        // A new row has no history or tasks to clear (a purge deletes them with the row).
        boolean existed = cm.expectedVersion() != 0;
        if (cm.resetHistory() && existed) {
          resetIds.add(cm.instanceId());
        }
        if (!cm.events().isEmpty()) {
          histId.add(cm.instanceId());
          // the row version this step writes: it rises with every step, also after a reset
          histStep.add(Math.toIntExact(cm.record().version()));
          histEpoch.add(cm.epoch());
          histEvents.add(WorkflowBinaryCodec.encodeEvents(cm.events()));
        }
        if (cm.clearTasks() && existed) {
          clearIds.add(cm.instanceId());
        }
      }
      removed.addAll(cm.removed());
      for (WorkItem w : cm.added()) {
        added.remove(w.workKey());
        added.put(w.workKey(), w);
        if (cm.signal()) {
          signalled.put(w.instanceId(), partition(w.instanceId()));
        }
      }
    }
    if (!resetIds.isEmpty()) {
      script.add(
          "DELETE FROM " + history + " WHERE app_id = ? AND instance_id = ANY(?)",
          appId,
          new Arr("text", resetIds.toArray(new String[0])));
    }
    if (!histId.isEmpty()) {
      script.add(
          "INSERT INTO "
              + history
              + " (app_id, instance_id, step, epoch, events) SELECT ?, * FROM unnest(?::text[],"
              + " ?::int4[], ?::int8[], ?::bytea[])",
          appId,
          new Arr("text", histId.toArray(new String[0])),
          new Arr("int4", histStep.toArray(new Integer[0])),
          new Arr("int8", histEpoch.toArray(new Long[0])),
          new Arr("bytea", histEvents.toArray(new byte[0][])));
    }
    if (!clearIds.isEmpty()) {
      script.add(
          "DELETE FROM "
              + work
              + " WHERE app_id = ? AND instance_id = ANY(?) AND kind <> 'MESSAGE'",
          appId,
          new Arr("text", clearIds.toArray(new String[0])));
    }
    if (!removed.isEmpty()) {
      script.add(
          "DELETE FROM "
              + work
              + " WHERE app_id = ? AND (instance_id, key) IN (SELECT * FROM"
              + " unnest(?::text[], ?::text[]))",
          appId,
          new Arr("text", removed.stream().map(WorkKey::instanceId).toArray(String[]::new)),
          new Arr("text", removed.stream().map(WorkKey::key).toArray(String[]::new)));
    }
    if (!added.isEmpty()) {
      int k = added.size();
      String[] id = new String[k];
      String[] key = new String[k];
      Integer[] part = new Integer[k];
      String[] kind = new String[k];
      byte[][] item = new byte[k][];
      int j = 0;
      for (WorkItem w : added.values()) {
        id[j] = w.instanceId();
        key[j] = w.key();
        part[j] = partition(w.instanceId());
        kind[j] = w.kind().name();
        item[j] = WorkflowBinaryCodec.encodeWork(w);
        j++;
      }
      script.add(
          "INSERT INTO "
              + work
              + " (app_id, instance_id, key, partition_id, kind, item) SELECT ?, * FROM"
              + " unnest(?::text[], ?::text[], ?::int4[], ?::text[], ?::bytea[])"
              + " ON CONFLICT (app_id, instance_id, key) DO UPDATE SET"
              + " partition_id = excluded.partition_id, kind = excluded.kind,"
              + " item = excluded.item",
          appId,
          new Arr("text", id),
          new Arr("text", key),
          new Arr("int4", part),
          new Arr("text", kind),
          new Arr("bytea", item));
    }
    if (!signalled.isEmpty()) {
      script.add(
          "INSERT INTO "
              + signals
              + " (app_id, partition_id, instance_id) SELECT ?, * FROM"
              + " unnest(?::int4[], ?::text[]) ON CONFLICT DO NOTHING",
          appId,
          new Arr("int4", signalled.values().toArray(new Integer[0])),
          new Arr("text", signalled.keySet().toArray(new String[0])));
    }
  }

  private static void rollback(Connection c, Exception e) {
    try {
      c.rollback();
    } catch (SQLException re) {
      e.addSuppressed(re);
    }
  }

  /**
   * A deadlock victim or a serialization failure was rolled back entirely: running it again is
   * safe.
   */
  private static boolean isTransient(Exception e) {
    return e instanceof SQLException se
        && ("40P01".equals(se.getSQLState()) || "40001".equals(se.getSQLState()));
  }

  /** Stops the committer after the commits queued so far; later commits fail. */
  @Override
  public void close() {
    List<Thread> threads;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      threads = List.copyOf(committers);
    }
    threads.forEach(t -> queue.add(STOP));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (Thread t : threads) {
      try {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    List<Pending> left = new ArrayList<>();
    queue.drainTo(left);
    left.stream()
        .filter(p -> p != STOP)
        .forEach(p -> p.result().completeExceptionally(closedException()));
  }
}
