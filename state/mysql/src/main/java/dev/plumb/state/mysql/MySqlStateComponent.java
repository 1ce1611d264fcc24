package dev.plumb.state.mysql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.plumb.api.ComponentException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.spi.Scheduler;
import dev.plumb.api.state.BulkStateException;
import dev.plumb.api.state.Concurrency;
import dev.plumb.api.state.ETag;
import dev.plumb.api.state.ETagMismatchException;
import dev.plumb.api.state.StateFeature;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.spi.DeleteRequest;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.KeysPage;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.api.state.spi.StateComponents;
import dev.plumb.api.state.spi.StateMutation;
import dev.plumb.common.mysql.MySqlConnectionSettings;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dapr's {@code state.mysql} on a HikariCP pool. Values are stored as Dapr stores binary values: a
 * base64 JSON string with {@code isbinary = 1}, so bytes come back exactly on MySQL (whose JSON
 * type re-formats documents) as on MariaDB. Rows Dapr wrote as JSON documents are read as their
 * JSON text. Expiry uses the injected clock, in UTC sessions.
 */
final class MySqlStateComponent implements StateComponent {
  private static final Logger LOG = LoggerFactory.getLogger(MySqlStateComponent.class);
  private static final Set<StateFeature> FEATURES =
      Set.copyOf(
          EnumSet.of(
              StateFeature.ETAG,
              StateFeature.TRANSACTIONAL,
              StateFeature.TTL,
              StateFeature.KEYS_LIKE));
  // The largest instant a MySQL TIMESTAMP column holds.
  private static final Instant MAX_TIMESTAMP = Instant.parse("2038-01-19T03:14:07Z");
  private static final int CHUNK = 500;
  private static final int DEADLOCK_ATTEMPTS = 3;

  private final String name;
  private final String type;
  private final MySqlConfig config;
  private final Clock clock;
  private final HikariDataSource pool;
  private final String table;
  private final int timeoutSeconds;
  private final MySqlSchema.Limits limits;
  private final Scheduler.Task sweepTask;

  MySqlStateComponent(
      String name, String type, MySqlConfig config, Clock clock, Scheduler scheduler)
      throws SQLException {
    this.name = name;
    this.type = type;
    this.config = config;
    this.clock = clock;
    this.table = config.qualifiedTable();
    this.timeoutSeconds = (int) Math.max(1, config.timeout().toSeconds());
    this.pool = new HikariDataSource(poolConfig(name, config));
    try {
      this.limits = new MySqlSchema(config, timeoutSeconds).ensure(pool);
    } catch (SQLException | RuntimeException e) {
      // An interrupted start (its initTimeout passed) must still close the pool completely.
      boolean interrupted = Thread.interrupted();
      pool.close();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      throw e;
    }
    // The runtime's scheduler runs the sweep on a blocking thread and never overlaps two of them.
    sweepTask =
        config.cleanupInterval() == null
            ? null
            : scheduler.every(config.cleanupInterval(), this::sweepQuietly);
  }

  private static HikariConfig poolConfig(String name, MySqlConfig config) {
    MySqlConnectionSettings cs = config.connection();
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("plumb-mysql-" + name);
    hc.setJdbcUrl(cs.jdbcUrl());
    if (cs.user() != null) {
      hc.setUsername(cs.user());
    }
    if (cs.password() != null) {
      hc.setPassword(cs.password());
    }
    long timeoutMs = config.timeout().toMillis();
    hc.addDataSourceProperty("connectTimeout", Long.toString(timeoutMs));
    // A server that stops answering must fail the call, not hang it.
    hc.addDataSourceProperty("socketTimeout", Long.toString(timeoutMs + 5_000));
    cs.properties().forEach(hc::addDataSourceProperty);
    hc.setConnectionTimeout(Math.max(250, timeoutMs));
    hc.setValidationTimeout(Math.max(250, Math.min(timeoutMs, 5_000)));
    hc.setMaximumPoolSize(config.maxConnections());
    hc.setMinimumIdle(Math.min(2, config.maxConnections()));
    // Rows changed, not rows found: a first-write on an existing key changes none, so it is
    // told apart without a duplicate-key error (which the driver logs, key included, at WARN).
    hc.addDataSourceProperty("useAffectedRows", "true");
    hc.setConnectionInitSql("SET time_zone = '+00:00'");
    hc.setAutoCommit(true);
    return hc;
  }

  @Override
  public Set<StateFeature> features() {
    return FEATURES;
  }

  @Override
  public void ping() throws SQLException {
    try (Connection c = pool.getConnection()) {
      if (!c.isValid(timeoutSeconds)) {
        throw new SQLTransientConnectionException("MySQL connection is not valid");
      }
    }
  }

  @Override
  public StateItem<byte[]> get(GetRequest request) throws SQLException {
    String sql =
        "SELECT id, value, isbinary, eTag, expiredate FROM "
            + table
            + " WHERE id = ? AND (expiredate IS NULL OR expiredate > ?)";
    try (Connection c = pool.getConnection();
        PreparedStatement ps = prepare(c, sql)) {
      ps.setString(1, request.key());
      ps.setObject(2, now());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? readItem(rs) : null;
      }
    }
  }

  @Override
  public List<StateItem<byte[]>> bulkGet(List<GetRequest> requests) throws SQLException {
    Map<String, StateItem<byte[]>> found = new HashMap<>();
    List<String> keys = requests.stream().map(GetRequest::key).distinct().toList();
    try (Connection c = pool.getConnection()) {
      LocalDateTime now = now();
      for (int from = 0; from < keys.size(); from += CHUNK) {
        List<String> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
        String sql =
            "SELECT id, value, isbinary, eTag, expiredate FROM "
                + table
                + " WHERE id IN ("
                + placeholders(chunk.size())
                + ") AND (expiredate IS NULL OR expiredate > ?)";
        try (PreparedStatement ps = prepare(c, sql)) {
          int i = 1;
          for (String k : chunk) {
            ps.setString(i++, k);
          }
          ps.setObject(i, now);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              StateItem<byte[]> item = readItem(rs);
              found.put(item.key(), item);
            }
          }
        }
      }
    }
    List<StateItem<byte[]>> out = new ArrayList<>(requests.size());
    for (GetRequest r : requests) {
      StateItem<byte[]> item = found.get(r.key());
      out.add(item != null ? item : new StateItem<>(r.key(), null, null, Map.of()));
    }
    return out;
  }

  @Override
  public void set(SetRequest request) throws SQLException {
    // Validate before touching the pool: a bad TTL is the caller's error, not the store's.
    checkSize(request);
    LocalDateTime expiry = expiry(request);
    try (Connection c = pool.getConnection()) {
      set(c, request, expiry);
    }
  }

  @Override
  public void delete(DeleteRequest request) throws SQLException {
    checkKey(request.key());
    try (Connection c = pool.getConnection()) {
      delete(c, request);
    }
  }

  @Override
  public void bulkSet(List<SetRequest> requests) throws SQLException {
    Map<String, RuntimeException> failures = new LinkedHashMap<>();
    int n = requests.size();
    LocalDateTime[] expiries = new LocalDateTime[n];
    boolean[] invalid = new boolean[n];
    for (int i = 0; i < n; i++) {
      try {
        checkSize(requests.get(i));
        expiries[i] = expiry(requests.get(i));
      } catch (InvalidRequestException e) {
        failures.put(requests.get(i).key(), e);
        invalid[i] = true;
      }
    }
    try (Connection c = pool.getConnection()) {
      int i = 0;
      while (i < n) {
        SetRequest r = requests.get(i);
        LocalDateTime expiry = expiries[i];
        if (invalid[i]) {
          i++;
        } else if (!isPlain(r)) {
          runItem(r.key(), failures, () -> set(c, r, expiry));
          i++;
        } else {
          // Consecutive unconditional saves go in one multi-row upsert, in request order, as
          // many as fit in a statement the server accepts.
          int end = i;
          long size = 0;
          while (end < n
              && end - i < CHUNK
              && !invalid[end]
              && isPlain(requests.get(end))
              && (end == i || size + rowSize(requests.get(end)) <= statementBudget())) {
            size += rowSize(requests.get(end));
            end++;
          }
          List<SetRequest> run = requests.subList(i, end);
          List<LocalDateTime> runExpiries = Arrays.asList(expiries).subList(i, end);
          try {
            upsertAll(c, run, runExpiries);
          } catch (SQLException e) {
            rethrowIfConnectionLost(e);
            // The statement failed as a whole, so nothing applied: find the culprits one by one.
            for (int j = 0; j < run.size(); j++) {
              SetRequest one = run.get(j);
              LocalDateTime exp = runExpiries.get(j);
              runItem(one.key(), failures, () -> set(c, one, exp));
            }
          }
          i = end;
        }
      }
    }
    if (!failures.isEmpty()) {
      throw new BulkStateException(failures);
    }
  }

  @Override
  public void bulkDelete(List<DeleteRequest> requests) throws SQLException {
    Map<String, RuntimeException> failures = new LinkedHashMap<>();
    try (Connection c = pool.getConnection()) {
      int i = 0;
      while (i < requests.size()) {
        DeleteRequest r = requests.get(i);
        if (etagOf(r) != null) {
          runItem(r.key(), failures, () -> delete(c, r));
          i++;
          continue;
        }
        int end = i;
        while (end < requests.size() && end - i < CHUNK && etagOf(requests.get(end)) == null) {
          end++;
        }
        List<DeleteRequest> run = requests.subList(i, end);
        try (PreparedStatement ps =
            prepare(
                c, "DELETE FROM " + table + " WHERE id IN (" + placeholders(run.size()) + ")")) {
          for (int j = 0; j < run.size(); j++) {
            ps.setString(j + 1, run.get(j).key());
          }
          ps.executeUpdate();
        }
        i = end;
      }
    }
    if (!failures.isEmpty()) {
      throw new BulkStateException(failures);
    }
  }

  @Override
  public void transact(List<StateMutation> operations, Map<String, String> metadata)
      throws SQLException {
    if (operations.isEmpty()) {
      return;
    }
    List<LocalDateTime> expiries = new ArrayList<>(operations.size());
    for (StateMutation op : operations) {
      checkKey(op.key());
      if (op instanceof SetRequest s) {
        checkSize(s);
      }
      expiries.add(op instanceof SetRequest s ? expiry(s) : null);
    }
    for (int attempt = 1; ; attempt++) {
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false);
        try {
          for (int i = 0; i < operations.size(); i++) {
            StateMutation op = operations.get(i);
            if (op instanceof SetRequest s) {
              set(c, s, expiries.get(i));
            } else {
              delete(c, (DeleteRequest) op);
            }
          }
          c.commit();
          return;
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly(c, e);
          // A deadlock victim was rolled back entirely: running it again is safe.
          if (e instanceof SQLException se
              && "40001".equals(se.getSQLState())
              && attempt < DEADLOCK_ATTEMPTS) {
            LOG.debug("MySQL transaction of '{}' chosen as deadlock victim; retrying", name);
            continue;
          }
          throw e;
        }
      }
    }
  }

  @Override
  public KeysPage keysLike(String pattern, Integer pageSize, String continuationToken)
      throws SQLException {
    if (pattern.isEmpty()) {
      throw new InvalidRequestException("keys like pattern cannot be empty");
    }
    long after = 0;
    if (continuationToken != null && !continuationToken.isEmpty()) {
      try {
        after = Long.parseUnsignedLong(continuationToken);
      } catch (NumberFormatException e) {
        throw new InvalidRequestException("invalid continue token: '" + continuationToken + "'");
      }
    }
    boolean paged = pageSize != null && pageSize > 0;
    String sql =
        "SELECT id, row_id FROM "
            + table
            + " WHERE id LIKE ? ESCAPE ? AND (expiredate IS NULL OR expiredate > ?)"
            + " AND row_id > ? ORDER BY row_id"
            + (paged ? " LIMIT ?" : "");
    List<String> keys = new ArrayList<>();
    List<Long> rowIds = new ArrayList<>();
    try (Connection c = pool.getConnection();
        PreparedStatement ps = prepare(c, sql)) {
      ps.setString(1, pattern);
      ps.setString(2, "\\");
      ps.setObject(3, now());
      ps.setLong(4, after);
      if (paged) {
        ps.setInt(5, pageSize + 1);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          keys.add(rs.getString(1));
          rowIds.add(rs.getLong(2));
        }
      }
    }
    if (paged && keys.size() > pageSize) {
      String token = Long.toUnsignedString(rowIds.get(pageSize - 1));
      return new KeysPage(keys.subList(0, pageSize), token);
    }
    return new KeysPage(keys, null);
  }

  @Override
  public void close() {
    if (sweepTask != null) {
      sweepTask.cancel();
    }
    pool.close();
  }

  // --- writes on a given connection (autocommit or inside a transaction) ---

  private void set(Connection c, SetRequest r, LocalDateTime expiry) throws SQLException {
    String etag = UUID.randomUUID().toString();
    String value = encode(r.value());
    if (etagOf(r) != null) {
      String sql =
          "UPDATE "
              + table
              + " SET value = ?, isbinary = 1, eTag = ?, expiredate = ?"
              + " WHERE id = ? AND eTag = ? AND (expiredate IS NULL OR expiredate > ?)";
      try (PreparedStatement ps = prepare(c, sql)) {
        ps.setString(1, value);
        ps.setString(2, etag);
        ps.setObject(3, expiry);
        ps.setString(4, r.key());
        ps.setString(5, etagOf(r));
        ps.setObject(6, now());
        if (ps.executeUpdate() == 0) {
          throw mismatch(r.key(), "no row matches the key and etag");
        }
      }
    } else if (r.concurrency() == Concurrency.FIRST_WRITE) {
      // An expired row not yet swept counts as absent.
      try (PreparedStatement ps =
          prepare(
              c,
              "DELETE FROM "
                  + table
                  + " WHERE id = ? AND expiredate IS NOT NULL AND expiredate <= ?")) {
        ps.setString(1, r.key());
        ps.setObject(2, now());
        ps.executeUpdate();
      }
      // An existing key changes nothing (0 rows): a lost race, without a server error.
      String sql =
          "INSERT INTO "
              + table
              + " (id, value, isbinary, eTag, expiredate) VALUES (?, ?, 1, ?, ?)"
              + " ON DUPLICATE KEY UPDATE id = id";
      try (PreparedStatement ps = prepare(c, sql)) {
        ps.setString(1, r.key());
        ps.setString(2, value);
        ps.setString(3, etag);
        ps.setObject(4, expiry);
        if (ps.executeUpdate() == 0) {
          throw mismatch(r.key(), "first-write: the key already exists");
        }
      }
    } else {
      upsertAll(c, List.of(r), Collections.singletonList(expiry));
    }
  }

  private void upsertAll(Connection c, List<SetRequest> rows, List<LocalDateTime> expiries)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder("INSERT INTO ")
            .append(table)
            .append(" (id, value, isbinary, eTag, expiredate) VALUES ");
    for (int i = 0; i < rows.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("(?, ?, 1, ?, ?)");
    }
    sql.append(
        " ON DUPLICATE KEY UPDATE value = VALUES(value), isbinary = VALUES(isbinary),"
            + " eTag = VALUES(eTag), expiredate = VALUES(expiredate)");
    try (PreparedStatement ps = prepare(c, sql.toString())) {
      int p = 1;
      for (int i = 0; i < rows.size(); i++) {
        SetRequest r = rows.get(i);
        ps.setString(p++, r.key());
        ps.setString(p++, encode(r.value()));
        ps.setString(p++, UUID.randomUUID().toString());
        ps.setObject(p++, expiries.get(i));
      }
      ps.executeUpdate();
    }
  }

  private void delete(Connection c, DeleteRequest r) throws SQLException {
    if (etagOf(r) == null) {
      try (PreparedStatement ps = prepare(c, "DELETE FROM " + table + " WHERE id = ?")) {
        ps.setString(1, r.key());
        ps.executeUpdate();
      }
      return;
    }
    String sql =
        "DELETE FROM "
            + table
            + " WHERE id = ? AND eTag = ? AND (expiredate IS NULL OR expiredate > ?)";
    try (PreparedStatement ps = prepare(c, sql)) {
      ps.setString(1, r.key());
      ps.setString(2, etagOf(r));
      ps.setObject(3, now());
      if (ps.executeUpdate() == 0) {
        throw mismatch(r.key(), "no row matches the key and etag");
      }
    }
  }

  // --- expiry sweeper ---

  private void sweepQuietly() {
    try {
      sweep();
    } catch (SQLException | RuntimeException e) {
      LOG.warn("MySQL state store '{}': expiry sweep failed: {}", name, e.toString());
    }
  }

  /**
   * Deletes expired rows, at most once per interval across every instance sharing the table: the
   * {@code last-cleanup} row in the metadata table, locked, records the last sweep.
   *
   * @return the number of rows deleted, or -1 if another instance swept recently
   * @throws SQLException if the database fails
   */
  long sweep() throws SQLException {
    LocalDateTime now = now();
    String meta = config.qualifiedMetadataTable();
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        String last = null;
        try (PreparedStatement ps =
            prepare(c, "SELECT value FROM " + meta + " WHERE id = 'last-cleanup' FOR UPDATE")) {
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              last = rs.getString(1);
            }
          }
        }
        // A little slack so that timer jitter does not skip every other sweep.
        long slackMs = config.cleanupInterval().toMillis() / 20;
        LocalDateTime due = now.minus(config.cleanupInterval()).plus(slackMs, ChronoUnit.MILLIS);
        if (last != null && parseMetaTime(last).isAfter(due)) {
          c.rollback();
          return -1;
        }
        try (PreparedStatement ps =
            prepare(
                c,
                "INSERT INTO "
                    + meta
                    + " (id, value) VALUES ('last-cleanup', ?)"
                    + " ON DUPLICATE KEY UPDATE value = VALUES(value)")) {
          ps.setString(1, now.toString().replace('T', ' '));
          ps.executeUpdate();
        }
        long deleted;
        try (PreparedStatement ps =
            prepare(
                c, "DELETE FROM " + table + " WHERE expiredate IS NOT NULL AND expiredate <= ?")) {
          ps.setObject(1, now);
          deleted = ps.executeUpdate();
        }
        c.commit();
        if (deleted > 0) {
          LOG.debug("MySQL state store '{}': swept {} expired rows", name, deleted);
        }
        return deleted;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      }
    }
  }

  private static LocalDateTime parseMetaTime(String v) {
    String s = v.trim().replace(' ', 'T');
    try {
      return LocalDateTime.parse(s);
    } catch (DateTimeParseException e) {
      // Unreadable (written by someone else): treat as long ago, so this instance sweeps.
      return LocalDateTime.MIN;
    }
  }

  // --- helpers ---

  private PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    ps.setQueryTimeout(timeoutSeconds);
    return ps;
  }

  private LocalDateTime now() {
    return LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  private LocalDateTime expiry(SetRequest r) {
    Long ttl = StateComponents.ttlSeconds(r.metadata());
    if (ttl == null || ttl <= 0) {
      return null;
    }
    Instant at = clock.instant().plusSeconds(ttl);
    if (at.isAfter(MAX_TIMESTAMP)) {
      throw new InvalidRequestException(
          "ttlInSeconds " + ttl + " expires after 2038-01-19, the limit of a MySQL TIMESTAMP");
    }
    return LocalDateTime.ofInstant(at.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
  }

  /**
   * Refuses keys longer than the {@code id} column: the server would truncate or refuse them as a
   * statement error.
   */
  private void checkKey(String key) {
    long chars = key.codePointCount(0, key.length());
    if (chars > limits.keyChars()) {
      throw new InvalidRequestException(
          "state store '"
              + name
              + "': a key of "
              + chars
              + " characters is longer than the "
              + limits.keyChars()
              + " the state table's id column holds");
    }
  }

  /**
   * Refuses a value whose statement the server would refuse: longer than {@code max_allowed_packet}
   * once in Dapr's binary form (base64, a third larger). The server would drop the connection with
   * nothing but "Socket error".
   */
  private void checkSize(SetRequest r) {
    checkKey(r.key());
    if (rowSize(r) > statementBudget()) {
      throw new InvalidRequestException(
          "state store '"
              + name
              + "': a value of "
              + r.value().length
              + " bytes is stored as "
              + encodedLength(r.value())
              + " bytes of base64, more than the server's max_allowed_packet ("
              + limits.maxPacket()
              + " bytes) lets one statement carry; raise max_allowed_packet on the server, or"
              + " store smaller values");
    }
  }

  /** What one row adds to a statement: its encoded value, key, etag and date, with slack. */
  private static long rowSize(SetRequest r) {
    return encodedLength(r.value()) + 4L * r.key().length() + 128;
  }

  private static long encodedLength(byte[] value) {
    return 2 + 4 * ((value.length + 2L) / 3);
  }

  /** The longest statement sent: the packet limit less room for the SQL around the rows. */
  private long statementBudget() {
    return limits.maxPacket() - 4096;
  }

  private static boolean isPlain(SetRequest r) {
    return etagOf(r) == null && r.concurrency() == Concurrency.LAST_WRITE;
  }

  private StateItem<byte[]> readItem(ResultSet rs) throws SQLException {
    String key = rs.getString(1);
    String value = rs.getString(2);
    boolean binary = rs.getBoolean(3);
    String etag = rs.getString(4);
    LocalDateTime expires = rs.getObject(5, LocalDateTime.class);
    byte[] bytes = binary ? decode(value, key) : value.getBytes(StandardCharsets.UTF_8);
    Map<String, String> md =
        expires == null
            ? Map.of()
            : Map.of(
                StateItem.TTL_EXPIRE_TIME,
                StateComponents.formatExpireTime(expires.toInstant(ZoneOffset.UTC)));
    return new StateItem<>(key, bytes, ETag.of(etag), md);
  }

  private static String encode(byte[] value) {
    return "\"" + Base64.getEncoder().encodeToString(value) + "\"";
  }

  private byte[] decode(String json, String key) throws SQLException {
    String s = json.trim();
    if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
      throw new SQLException(
          "MySQL state store '" + name + "': binary value of key '" + key + "' is not a string");
    }
    // JSON may escape '/' as "\/"; base64 holds nothing else that needs escaping.
    String b64 = s.substring(1, s.length() - 1).replace("\\/", "/");
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new SQLException(
          "MySQL state store '" + name + "': binary value of key '" + key + "' is not base64", e);
    }
  }

  private ETagMismatchException mismatch(String key, String why) {
    return new ETagMismatchException(
        "state store '" + name + "' (" + type + "), key '" + key + "': " + why);
  }

  private static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  private interface SqlRunnable {
    void run() throws SQLException;
  }

  private void runItem(String key, Map<String, RuntimeException> failures, SqlRunnable item)
      throws SQLException {
    try {
      item.run();
    } catch (RuntimeException e) {
      failures.put(key, e);
    } catch (SQLException e) {
      rethrowIfConnectionLost(e);
      failures.put(key, new ComponentException(name, type, "save of key '" + key + "' failed", e));
    }
  }

  private static void rethrowIfConnectionLost(SQLException e) throws SQLException {
    String state = e.getSQLState();
    if (e instanceof SQLNonTransientConnectionException
        || e instanceof SQLTransientConnectionException
        || (state != null && state.startsWith("08"))) {
      throw e;
    }
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** The etag to match, or {@code null}: Dapr treats an empty etag as none. */
  private static String etagOf(StateMutation m) {
    return m.etag() == null || m.etag().value().isEmpty() ? null : m.etag().value();
  }
}
