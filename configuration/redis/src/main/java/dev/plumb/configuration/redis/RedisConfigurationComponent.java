package dev.plumb.configuration.redis;

import dev.plumb.api.ComponentException;
import dev.plumb.api.Subscription;
import dev.plumb.api.configuration.ConfigurationItem;
import dev.plumb.api.configuration.spi.ConfigurationComponent;
import dev.plumb.api.configuration.spi.ConfigurationRequest;
import dev.plumb.api.spi.Scheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * {@code configuration.redis}, Dapr's layout and behaviour: an item is the Redis string {@code
 * <value>||<version>} (split on the first {@code ||}; later segments are lost, metadata is always
 * empty); keys that are missing, not strings, or whose value is empty are absent from reads. A read
 * of every key walks the keyspace with {@code SCAN} (Dapr uses the blocking {@code KEYS *}).
 *
 * <p>A subscription listens to keyspace notifications ({@code __keyspace@<db>__:<key>}, or the
 * pattern {@code __keyspace@<db>__:*} for every key) on a connection of its own, run on the
 * blocking executor, and re-reads a key on each event: a deleted, expired or evicted key is
 * reported as {@link ConfigurationItem#EMPTY}, as Dapr reports it. Before the first subscription
 * the component makes sure {@code notify-keyspace-events} holds Dapr's flags {@code Kg$xe}, adding
 * missing ones to the server's setting (Dapr overwrites it); where {@code CONFIG} is refused it
 * says so once and goes on, since the server may have them set. A subscription whose connection
 * drops reconnects every second until closed, checking the flags again (a restarted server may have
 * lost them); changes made meanwhile are not reported. Thread-safe.
 */
final class RedisConfigurationComponent implements ConfigurationComponent {
  private static final Logger LOG = LoggerFactory.getLogger(RedisConfigurationComponent.class);
  private static final String TYPE = "configuration.redis";
  private static final String SEPARATOR = "||";
  private static final String FLAGS = "Kg$xe";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration RECONNECT = Duration.ofSeconds(1);
  private static final int BATCH = 256;

  private final String name;
  private final UnifiedJedis client;
  private final String channelPrefix;
  private final Executor blocking;
  private final Scheduler scheduler;
  private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
  private final AtomicInteger ids = new AtomicInteger();
  private volatile boolean notificationsChecked;

  RedisConfigurationComponent(
      String name, UnifiedJedis client, int database, Executor blocking, Scheduler scheduler) {
    this.name = name;
    this.client = client;
    this.channelPrefix = "__keyspace@" + database + "__:";
    this.blocking = blocking;
    this.scheduler = scheduler;
  }

  @Override
  public void ping() {
    client.ping();
  }

  @Override
  public Map<String, ConfigurationItem> get(ConfigurationRequest request) {
    List<String> keys = request.keys().isEmpty() ? allKeys() : request.keys();
    Map<String, ConfigurationItem> items = new HashMap<>();
    for (int from = 0; from < keys.size(); from += BATCH) {
      List<String> batch = keys.subList(from, Math.min(keys.size(), from + BATCH));
      // MGET answers nil for missing keys and for keys that are not strings: both skipped, as
      // Dapr skips redis.Nil and WRONGTYPE.
      List<String> values = client.mget(batch.toArray(String[]::new));
      for (int i = 0; i < batch.size(); i++) {
        ConfigurationItem item = parse(values.get(i));
        if (item != null) {
          items.put(batch.get(i), item);
        }
      }
    }
    return items;
  }

  private List<String> allKeys() {
    Set<String> keys = new LinkedHashSet<>();
    ScanParams params = new ScanParams().count(1000);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = client.scan(cursor, params);
      keys.addAll(page.getResult());
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return new ArrayList<>(keys);
  }

  /** Dapr's {@code GetRedisValueAndVersion}; an empty value means no item. */
  static ConfigurationItem parse(String stored) {
    if (stored == null) {
      return null;
    }
    int sep = stored.indexOf(SEPARATOR);
    String value = sep < 0 ? stored : stored.substring(0, sep);
    String version = "";
    if (sep >= 0) {
      int end = stored.indexOf(SEPARATOR, sep + SEPARATOR.length());
      version = stored.substring(sep + SEPARATOR.length(), end < 0 ? stored.length() : end);
    }
    return value.isEmpty() ? null : ConfigurationItem.of(value, version);
  }

  @Override
  public Subscription subscribe(
      ConfigurationRequest request, Consumer<Map<String, ConfigurationItem>> changes)
      throws Exception {
    ensureNotifications();
    Watch w = new Watch(ids.incrementAndGet(), Set.copyOf(request.keys()), changes);
    watches.add(w);
    try {
      w.start();
      w.ready.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      w.close();
      throw e.getCause() instanceof Exception ex ? ex : e;
    } catch (TimeoutException e) {
      w.close();
      throw new ComponentException(
          name,
          TYPE,
          "subscribe: Redis did not confirm the subscription within " + READY_TIMEOUT,
          e);
    }
    return w;
  }

  /**
   * Adds Dapr's notification flags to the server's {@code notify-keyspace-events}, once. A server
   * that refuses {@code CONFIG GET} may have them set: logged once. One that shows them missing and
   * refuses {@code CONFIG SET} can never report a change: an error.
   */
  private void ensureNotifications() {
    if (notificationsChecked) {
      return;
    }
    String current;
    try {
      current = configGet();
    } catch (JedisDataException | IllegalStateException e) {
      LOG.warn(
          "configuration store '{}' ({}): cannot read notify-keyspace-events (CONFIG GET refused:"
              + " {}); subscriptions work only if the server has keyspace notifications '{}' on",
          name,
          TYPE,
          e.getMessage(),
          FLAGS);
      notificationsChecked = true;
      return;
    }
    String missing = missingFlags(current);
    if (!missing.isEmpty()) {
      try {
        client.sendCommand(
            Protocol.Command.CONFIG, "SET", "notify-keyspace-events", current + missing);
      } catch (JedisDataException e) {
        throw new ComponentException(
            name,
            TYPE,
            "subscribe: Redis keyspace notifications are off (notify-keyspace-events is '"
                + current
                + "') and CONFIG SET is refused ("
                + e.getMessage()
                + "); set notify-keyspace-events to include '"
                + FLAGS
                + "' on the server",
            null);
      }
      LOG.info(
          "configuration store '{}': notify-keyspace-events was '{}', added '{}'",
          name,
          current,
          missing);
    }
    notificationsChecked = true;
  }

  private String configGet() {
    Object reply = client.sendCommand(Protocol.Command.CONFIG, "GET", "notify-keyspace-events");
    if (reply instanceof List<?> list && list.size() >= 2 && list.get(1) instanceof byte[] v) {
      return new String(v, StandardCharsets.UTF_8);
    }
    throw new IllegalStateException("unexpected CONFIG GET reply");
  }

  /** The flags of {@code Kg$xe} that a setting lacks; {@code A} stands for {@code g$lshzxetd}. */
  static String missingFlags(String current) {
    String have = current.replace("A", "g$lshzxetd");
    StringBuilder missing = new StringBuilder();
    for (char f : FLAGS.toCharArray()) {
      if (have.indexOf(f) < 0) {
        missing.append(f);
      }
    }
    return missing.toString();
  }

  @Override
  public void close() {
    for (Watch w : List.copyOf(watches)) {
      w.close();
    }
    client.close();
  }

  @Override
  public String toString() {
    return "RedisConfigurationComponent[" + name + "]";
  }

  /** One subscription: its listener connection, reconnected until closed. */
  private final class Watch implements Subscription {
    final int id;
    final Set<String> keys;
    final Consumer<Map<String, ConfigurationItem>> changes;
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    // Held while reporting a change and while closing: once close() returns, nothing is reported.
    final ReentrantLock lock = new ReentrantLock();
    volatile boolean closed;
    volatile Listener listener;
    Scheduler.Task retry;

    Watch(int id, Set<String> keys, Consumer<Map<String, ConfigurationItem>> changes) {
      this.id = id;
      this.keys = keys;
      this.changes = changes;
    }

    void start() {
      Listener l = new Listener(this, keys.isEmpty() ? 1 : keys.size());
      listener = l;
      blocking.execute(() -> run(l));
    }

    /** Listens until unsubscribed or the connection fails; then reconnects unless closed. */
    private void run(Listener l) {
      try {
        if (keys.isEmpty()) {
          client.psubscribe(l, channelPrefix + "*");
        } else {
          client.subscribe(l, keys.stream().map(k -> channelPrefix + k).toArray(String[]::new));
        }
      } catch (RuntimeException e) {
        if (!ready.isDone()) {
          ready.completeExceptionally(e);
          return;
        }
        if (closed) {
          return;
        }
        LOG.warn(
            "configuration store '{}': subscription {} lost its connection ({}); reconnecting;"
                + " changes made meanwhile are not reported",
            name,
            id,
            e.toString());
        scheduleRetry();
      }
    }

    private void restart() {
      if (closed) {
        return;
      }
      Listener l = new Listener(this, keys.isEmpty() ? 1 : keys.size());
      listener = l;
      try {
        blocking.execute(
            () -> {
              // A restarted server may have lost a CONFIG SET that was never persisted.
              notificationsChecked = false;
              try {
                ensureNotifications();
              } catch (JedisConnectionException e) {
                // Still down, or a stale pooled connection: try again later.
                scheduleRetry();
                return;
              } catch (RuntimeException e) {
                LOG.warn("configuration store '{}': {}", name, e.getMessage());
              }
              run(l);
            });
      } catch (RuntimeException e) {
        LOG.warn("configuration store '{}': cannot reconnect subscription {}: {}", name, id, e);
      }
    }

    private void scheduleRetry() {
      lock.lock();
      try {
        if (!closed) {
          retry = scheduler.schedule(RECONNECT, this::restart);
        }
      } finally {
        lock.unlock();
      }
    }

    void report(String channel) {
      if (!channel.startsWith(channelPrefix)) {
        return;
      }
      String key = channel.substring(channelPrefix.length());
      lock.lock();
      try {
        if (closed) {
          return;
        }
        ConfigurationItem item;
        try {
          item = parse(client.get(key));
        } catch (RuntimeException e) {
          // WRONGTYPE or a failed read: Dapr logs and reports nothing.
          LOG.warn(
              "configuration store '{}': subscription {}: reading a changed key failed: {}",
              name,
              id,
              e.getMessage());
          return;
        }
        changes.accept(Map.of(key, item == null ? ConfigurationItem.EMPTY : item));
      } catch (RuntimeException e) {
        LOG.warn("configuration store '{}': subscription {}: reporting failed: {}", name, id, e);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void close() {
      Listener l;
      lock.lock();
      try {
        if (closed) {
          return;
        }
        closed = true;
        if (retry != null) {
          retry.cancel();
        }
        l = listener;
      } finally {
        lock.unlock();
      }
      watches.remove(this);
      if (l != null) {
        l.stop();
      }
    }
  }

  /** The listener of one connection of a watch. */
  private final class Listener extends JedisPubSub {
    private final Watch watch;
    private final AtomicInteger unconfirmed;

    Listener(Watch watch, int channels) {
      this.watch = watch;
      this.unconfirmed = new AtomicInteger(channels);
    }

    @Override
    public void onSubscribe(String channel, int subscribedChannels) {
      confirmed();
    }

    @Override
    public void onPSubscribe(String pattern, int subscribedChannels) {
      confirmed();
    }

    private void confirmed() {
      if (unconfirmed.decrementAndGet() == 0) {
        watch.ready.complete(null);
        if (watch.closed) {
          stop();
        }
      }
    }

    @Override
    public void onMessage(String channel, String message) {
      watch.report(channel);
    }

    @Override
    public void onPMessage(String pattern, String channel, String message) {
      watch.report(channel);
    }

    void stop() {
      try {
        if (isSubscribed()) {
          if (watch.keys.isEmpty()) {
            punsubscribe();
          } else {
            unsubscribe();
          }
        }
      } catch (RuntimeException e) {
        LOG.debug("configuration store '{}': unsubscribing failed: {}", name, e.toString());
      }
    }
  }
}
