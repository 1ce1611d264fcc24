package dev.plumb.configuration.postgresql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.Subscription;
import dev.plumb.api.configuration.ConfigurationItem;
import dev.plumb.api.configuration.spi.ConfigurationComponent;
import dev.plumb.api.configuration.spi.ConfigurationRequest;
import dev.plumb.api.spi.Scheduler;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code configuration.postgresql}, Dapr's layout and behaviour: rows {@code (KEY, VALUE, VERSION,
 * METADATA)} of the configured table; when a key has several rows the one with the highest numeric
 * version wins (a version that is not an integer counts as -1; on a tie the first row read). Keys
 * must match {@code [a-zA-Z0-9./_]*}. Request metadata on reads is ignored (Dapr's filter compares
 * two literals, so it never matches).
 *
 * <p>Subscriptions listen on a notify channel ({@code notifyChannel}, or the request's {@code
 * pgNotifyChannel}) for the payload {@code {"data": {row}}} of Dapr's trigger; the row's key,
 * value, version and metadata are matched case-insensitively. A deleted row arrives, as in Dapr, as
 * its last value. Subscriptions on one channel share one listening connection, held from the pool
 * and polled on the blocking executor; when it fails (a server restart), the listener reconnects
 * every second until it listens again, and the subscriptions carry on (notifications sent meanwhile
 * are lost, as PostgreSQL does not keep them). Thread-safe.
 */
final class PostgresqlConfigurationComponent implements ConfigurationComponent {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresqlConfigurationComponent.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** PostgreSQL's identifier limit, which Dapr applies to table and channel names. */
  static final int MAX_IDENTIFIER = 64;

  /** Dapr's rule for table and channel names. */
  static final Pattern IDENTIFIER = Pattern.compile("[a-z0-9./_]*");

  /** Dapr's rule for keys. */
  static final Pattern KEY = Pattern.compile("[a-zA-Z0-9./_]*");

  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration RECONNECT = Duration.ofSeconds(1);

  private final String name;
  private final HikariDataSource pool;
  private final String table;
  private final String channel;
  private final Executor blocking;
  private final Scheduler scheduler;
  private final Duration readyTimeout;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Listener> listeners = new HashMap<>();
  private boolean closed;

  PostgresqlConfigurationComponent(
      String name,
      HikariDataSource pool,
      String table,
      String channel,
      Executor blocking,
      Scheduler scheduler) {
    this.name = name;
    this.pool = pool;
    this.table = table;
    this.channel = channel;
    this.blocking = blocking;
    this.scheduler = scheduler;
    this.readyTimeout = Duration.ofMillis(pool.getConnectionTimeout()).plusSeconds(10);
  }

  /** Dapr's check: {@code SELECT EXISTS (SELECT FROM pg_tables where tablename = $1)}. */
  boolean tableExists() throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT EXISTS (SELECT FROM pg_tables WHERE tablename = ?)")) {
      s.setString(1, table);
      try (ResultSet r = s.executeQuery()) {
        return r.next() && r.getBoolean(1);
      }
    }
  }

  /**
   * Creates the table and Dapr's notification trigger if missing: the opt-in helper. The trigger
   * sends {@code {"table", "action", "data": row}} for each insert, update and delete (the old row
   * for a delete), as the trigger of Dapr's conformance tests does.
   */
  void createTableAndTrigger() throws SQLException {
    String fn = "configuration_event_" + table.replaceAll("[./]", "_") + "_" + tag(channel);
    String trigger = "configtrigger_" + table.replaceAll("[./]", "_") + "_" + tag(channel);
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + table
              + " (KEY VARCHAR NOT NULL, VALUE VARCHAR NOT NULL, VERSION VARCHAR NOT NULL,"
              + " METADATA JSON)");
      s.execute(
          "CREATE OR REPLACE FUNCTION "
              + fn
              + "() RETURNS TRIGGER AS $$ DECLARE data json; notification json; BEGIN"
              + " IF (TG_OP = 'DELETE') THEN data = row_to_json(OLD);"
              + " ELSE data = row_to_json(NEW); END IF;"
              + " notification = json_build_object('table', TG_TABLE_NAME, 'action', TG_OP,"
              + " 'data', data);"
              + " PERFORM pg_notify('"
              + channel
              + "', notification::text); RETURN NULL; END; $$ LANGUAGE plpgsql");
      s.execute("DROP TRIGGER IF EXISTS " + trigger + " ON " + table);
      s.execute(
          "CREATE TRIGGER "
              + trigger
              + " AFTER INSERT OR UPDATE OR DELETE ON "
              + table
              + " FOR EACH ROW EXECUTE PROCEDURE "
              + fn
              + "()");
    }
  }

  /** A channel name made an identifier part. */
  private static String tag(String channel) {
    return channel.replaceAll("[./]", "_");
  }

  @Override
  public void ping() throws SQLException {
    try (Connection c = pool.getConnection()) {
      if (!c.isValid(5)) {
        throw new SQLException("the connection is not valid");
      }
    }
  }

  @Override
  public Map<String, ConfigurationItem> get(ConfigurationRequest request) throws SQLException {
    List<String> keys = request.keys();
    checkKeys("get", keys);
    StringBuilder sql = new StringBuilder("SELECT * FROM ").append(table);
    if (!keys.isEmpty()) {
      sql.append(" WHERE KEY IN (");
      for (int i = 0; i < keys.size(); i++) {
        sql.append(i == 0 ? "?" : ", ?");
      }
      sql.append(')');
    }
    Map<String, ConfigurationItem> items = new HashMap<>();
    Map<String, Integer> versions = new HashMap<>();
    try (Connection c = pool.getConnection();
        PreparedStatement s = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < keys.size(); i++) {
        s.setString(i + 1, keys.get(i));
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String key = r.getString(1);
          ConfigurationItem item =
              new ConfigurationItem(r.getString(2), r.getString(3), metadata(r.getString(4)));
          int v = numericVersion(item.version());
          Integer best = versions.get(key);
          if (best == null || v > best) {
            items.put(key, item);
            versions.put(key, v);
          }
        }
      }
    }
    return items;
  }

  /** Dapr's {@code getNumericVersion}: Go's {@code strconv.Atoi}, -1 if not an integer. */
  static int numericVersion(String version) {
    if (version == null || version.isEmpty()) {
      return -1;
    }
    try {
      return Integer.parseInt(version);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private Map<String, String> metadata(String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    try {
      return stringMap(JSON.readTree(json));
    } catch (java.io.IOException | IllegalArgumentException e) {
      // The column is the application's; a bad one must not hide the row's value.
      LOG.warn("configuration store '{}': a row's METADATA is not a JSON object of strings", name);
      return Map.of();
    }
  }

  private static Map<String, String> stringMap(JsonNode node) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("not an object");
    }
    Map<String, String> m = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new IllegalArgumentException("not a string");
      }
      m.put(e.getKey(), e.getValue().asText());
    }
    return m;
  }

  private void checkKeys(String operation, List<String> keys) {
    for (int i = 0; i < keys.size(); i++) {
      if (!KEY.matcher(keys.get(i)).matches()) {
        throw new InvalidRequestException(
            "configuration store '"
                + name
                + "' (configuration.postgresql): "
                + operation
                + ": key ["
                + i
                + "] is invalid: keys may hold only letters, digits, '.', '/' and '_'");
      }
    }
  }

  @Override
  public Subscription subscribe(
      ConfigurationRequest request, Consumer<Map<String, ConfigurationItem>> changes)
      throws Exception {
    checkKeys("subscribe", request.keys());
    String ch = channel;
    if (ch == null) {
      for (Map.Entry<String, String> e : request.metadata().entrySet()) {
        if (e.getKey().equalsIgnoreCase("pgNotifyChannel")) {
          ch = e.getValue();
          break;
        }
      }
    }
    if (ch == null || ch.isEmpty()) {
      throw new InvalidRequestException(
          "configuration store '"
              + name
              + "' (configuration.postgresql): subscribe: no notify channel; set metadata"
              + " 'notifyChannel' on the component or 'pgNotifyChannel' on the request");
    }
    if (ch.length() > MAX_IDENTIFIER || !IDENTIFIER.matcher(ch).matches()) {
      throw new InvalidRequestException(
          "configuration store '"
              + name
              + "' (configuration.postgresql): subscribe: request metadata 'pgNotifyChannel' may"
              + " hold only lower-case letters, digits, '.', '/' and '_', at most 64");
    }
    Watch w = new Watch(Set.copyOf(request.keys()), changes);
    Listener l;
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("configuration store '" + name + "' is closed");
      }
      l = listeners.get(ch);
      if (l == null) {
        l = new Listener(ch);
        listeners.put(ch, l);
        l.watches.add(w);
        l.start();
      } else {
        l.watches.add(w);
      }
      w.listener = l;
    } finally {
      lock.unlock();
    }
    try {
      l.listening.get(readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      w.close();
      throw e.getCause() instanceof Exception ex ? ex : e;
    } catch (TimeoutException e) {
      w.close();
      throw new SQLException("LISTEN " + ch + " was not confirmed within " + readyTimeout, e);
    }
    return w;
  }

  /** Ends a watch; the last one of a channel stops its listener. */
  private void remove(Watch w) {
    Listener stop = null;
    lock.lock();
    try {
      Listener l = w.listener;
      if (l != null && l.watches.remove(w) && l.watches.isEmpty()) {
        listeners.remove(l.channel);
        stop = l;
      }
    } finally {
      lock.unlock();
    }
    if (stop != null) {
      stop.stop();
    }
  }

  @Override
  public void close() {
    List<Listener> all;
    lock.lock();
    try {
      closed = true;
      all = List.copyOf(listeners.values());
      listeners.clear();
    } finally {
      lock.unlock();
    }
    for (Listener l : all) {
      for (Watch w : l.watches) {
        w.closed = true;
      }
      l.stop();
    }
    pool.close();
  }

  @Override
  public String toString() {
    return "PostgresqlConfigurationComponent[" + name + ", " + table + "]";
  }

  /** One subscription. */
  private final class Watch implements Subscription {
    final Set<String> keys;
    final Consumer<Map<String, ConfigurationItem>> changes;
    // Held while reporting and while closing: once close() returns, nothing is reported.
    final ReentrantLock reporting = new ReentrantLock();
    volatile boolean closed;
    Listener listener;

    Watch(Set<String> keys, Consumer<Map<String, ConfigurationItem>> changes) {
      this.keys = keys;
      this.changes = changes;
    }

    void report(String key, ConfigurationItem item) {
      if (!keys.isEmpty() && !keys.contains(key)) {
        return;
      }
      reporting.lock();
      try {
        if (!closed) {
          changes.accept(Map.of(key, item));
        }
      } catch (RuntimeException e) {
        LOG.warn("configuration store '{}': reporting a change failed: {}", name, e.toString());
      } finally {
        reporting.unlock();
      }
    }

    @Override
    public void close() {
      reporting.lock();
      try {
        if (closed) {
          return;
        }
        closed = true;
      } finally {
        reporting.unlock();
      }
      remove(this);
    }
  }

  /** The connection listening on one channel, for every watch of that channel. */
  private final class Listener {
    final String channel;
    final Set<Watch> watches = new CopyOnWriteArraySet<>();
    final CompletableFuture<Void> listening = new CompletableFuture<>();
    volatile boolean stopped;
    Scheduler.Task retry;

    Listener(String channel) {
      this.channel = channel;
    }

    void start() {
      blocking.execute(this::listen);
    }

    /** Listens until stopped or the connection fails; then reconnects unless stopped. */
    private void listen() {
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN \"" + channel + "\"");
        }
        if (!listening.complete(null)) {
          LOG.info("configuration store '{}': listening on '{}' again", name, channel);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!stopped) {
          PGNotification[] received = pg.getNotifications((int) POLL.toMillis());
          if (received != null) {
            for (PGNotification n : received) {
              dispatch(n.getParameter());
            }
          }
        }
        try (Statement s = c.createStatement()) {
          // The connection goes back to the pool: it must not keep listening.
          s.execute("UNLISTEN *");
        }
      } catch (SQLException | RuntimeException e) {
        if (!listening.isDone()) {
          listening.completeExceptionally(e);
          return;
        }
        if (stopped) {
          return;
        }
        LOG.warn(
            "configuration store '{}': the listener on '{}' failed ({}); reconnecting every {};"
                + " changes made meanwhile are not reported",
            name,
            channel,
            e.getMessage(),
            RECONNECT);
        scheduleRetry();
      }
    }

    private void scheduleRetry() {
      lock.lock();
      try {
        if (!stopped) {
          retry = scheduler.schedule(RECONNECT, () -> blocking.execute(this::listen));
        }
      } finally {
        lock.unlock();
      }
    }

    private void dispatch(String payload) {
      JsonNode data;
      try {
        data = JSON.readTree(payload).get("data");
      } catch (java.io.IOException e) {
        LOG.warn("configuration store '{}': a notification on '{}' is not JSON", name, channel);
        return;
      }
      if (data == null || !data.isObject()) {
        LOG.info(
            "configuration store '{}': a notification on '{}' has no 'data' object; ignored",
            name,
            channel);
        return;
      }
      String key = null;
      String value = "";
      String version = "";
      Map<String, String> metadata = Map.of();
      try {
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> f = it.next();
          switch (f.getKey().toLowerCase(java.util.Locale.ROOT)) {
            case "key" -> key = text(f.getValue());
            case "value" -> value = text(f.getValue());
            case "version" -> version = text(f.getValue());
            case "metadata" -> metadata = stringMap(f.getValue());
            default -> {
              // Other columns are not part of an item.
            }
          }
        }
      } catch (IllegalArgumentException e) {
        LOG.warn(
            "configuration store '{}': a notification on '{}' has a non-string field; ignored",
            name,
            channel);
        return;
      }
      if (key == null) {
        return;
      }
      ConfigurationItem item = new ConfigurationItem(value, version, metadata);
      for (Watch w : watches) {
        w.report(key, item);
      }
    }

    private static String text(JsonNode n) {
      if (!n.isTextual()) {
        throw new IllegalArgumentException("not a string");
      }
      return n.asText();
    }

    void stop() {
      lock.lock();
      try {
        stopped = true;
        if (retry != null) {
          retry.cancel();
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
