package dev.plumb.runtime;

import dev.plumb.api.Subscription;
import dev.plumb.api.configuration.ConfigurationItem;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The items of {@code configuration.in-memory} stores, for tests and local runs: a JVM-wide space
 * per name, which every {@code configuration.in-memory} component whose {@code space} metadata (by
 * default its {@code metadata.name}) names it reads and watches. A test writes here; subscribed
 * handlers then receive the change as from any store:
 *
 * <pre>{@code
 * InMemoryConfiguration.space("appconfig").put("greeting", ConfigurationItem.of("hello", "1"));
 * }</pre>
 *
 * <p>Spaces live as long as the JVM; tests running in parallel should each use their own name.
 * Changes are reported to watchers on the writer's thread, one write at a time per space, before
 * the write returns. A deleted key is reported as {@link ConfigurationItem#EMPTY}, as Dapr's Redis
 * store does. Thread-safe.
 */
public final class InMemoryConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryConfiguration.class);
  private static final ConcurrentMap<String, InMemoryConfiguration> SPACES =
      new ConcurrentHashMap<>();

  private final String name;
  // A lock rather than synchronized: watchers run under it, and may be on virtual threads.
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, ConfigurationItem> items = new HashMap<>();
  private final List<Watcher> watchers = new CopyOnWriteArrayList<>();

  private InMemoryConfiguration(String name) {
    this.name = name;
  }

  /** A watch: keys (empty: all) and where their changes go. */
  private static final class Watcher {
    final Set<String> keys;
    final Consumer<Map<String, ConfigurationItem>> changes;
    volatile boolean closed;

    Watcher(Set<String> keys, Consumer<Map<String, ConfigurationItem>> changes) {
      this.keys = keys;
      this.changes = changes;
    }
  }

  /**
   * Returns the space of a name, creating it empty on first use.
   *
   * @param name the space's name, the {@code space} metadata of the components that use it (their
   *     {@code metadata.name} unless set); not empty
   * @return the space; the same instance for the same name
   * @throws IllegalArgumentException if the name is empty
   */
  public static InMemoryConfiguration space(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("an in-memory configuration space needs a name");
    }
    return SPACES.computeIfAbsent(name, InMemoryConfiguration::new);
  }

  /**
   * Returns the space's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Adds or replaces one item and reports it to the watchers of its key.
   *
   * @param key the key; not empty
   * @param item the item; not {@code null}
   */
  public void put(String key, ConfigurationItem item) {
    putAll(Map.of(key, item));
  }

  /**
   * Adds or replaces items and reports them to each watcher in one change holding the watched ones.
   *
   * @param changes the items by key; keys not empty, items not {@code null}
   * @throws IllegalArgumentException if a key is empty
   */
  public void putAll(Map<String, ConfigurationItem> changes) {
    Map<String, ConfigurationItem> copy = new LinkedHashMap<>();
    changes.forEach(
        (k, v) -> {
          requireKey(k);
          copy.put(k, Objects.requireNonNull(v, "item of " + k));
        });
    lock.lock();
    try {
      items.putAll(copy);
      report(copy);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Deletes items; each key that existed is reported as {@link ConfigurationItem#EMPTY}.
   *
   * @param keys the keys; absent ones are ignored
   */
  public void delete(Collection<String> keys) {
    lock.lock();
    try {
      Map<String, ConfigurationItem> deleted = new LinkedHashMap<>();
      for (String k : keys) {
        if (items.remove(k) != null) {
          deleted.put(k, ConfigurationItem.EMPTY);
        }
      }
      report(deleted);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Reads items.
   *
   * @param keys the keys; empty means all
   * @return the items found, by key; immutable
   */
  public Map<String, ConfigurationItem> get(Collection<String> keys) {
    lock.lock();
    try {
      if (keys.isEmpty()) {
        return Map.copyOf(items);
      }
      Map<String, ConfigurationItem> found = new HashMap<>();
      for (String k : keys) {
        ConfigurationItem item = items.get(k);
        if (item != null) {
          found.put(k, item);
        }
      }
      return Map.copyOf(found);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Watches keys: what {@code configuration.in-memory} components call. Changes are reported on the
   * writer's thread, one write at a time.
   *
   * @param keys the keys; empty means every key, including keys added later
   * @param changes receives the changed items of the watched keys
   * @return the watch; once closed, {@code changes} is called no more
   */
  public Subscription watch(
      Collection<String> keys, Consumer<Map<String, ConfigurationItem>> changes) {
    Watcher w = new Watcher(Set.copyOf(keys), Objects.requireNonNull(changes, "changes"));
    watchers.add(w);
    return () -> {
      // Under the lock: a write reporting now finishes first, and none reports after.
      lock.lock();
      try {
        w.closed = true;
        watchers.remove(w);
      } finally {
        lock.unlock();
      }
    };
  }

  /** Reports a write to the watchers; called under the lock. */
  private void report(Map<String, ConfigurationItem> changed) {
    if (changed.isEmpty()) {
      return;
    }
    for (Watcher w : watchers) {
      if (w.closed) {
        continue;
      }
      Map<String, ConfigurationItem> seen;
      if (w.keys.isEmpty()) {
        seen = Map.copyOf(changed);
      } else {
        Map<String, ConfigurationItem> part = new HashMap<>();
        changed.forEach(
            (k, v) -> {
              if (w.keys.contains(k)) {
                part.put(k, v);
              }
            });
        seen = Map.copyOf(part);
      }
      if (!seen.isEmpty()) {
        try {
          w.changes.accept(seen);
        } catch (RuntimeException e) {
          // One failing watcher must not keep the change from the others, nor fail the write.
          LOG.warn("in-memory configuration '{}': a watcher failed: {}", name, e.toString());
        }
      }
    }
  }

  private static void requireKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("a configuration key must not be empty");
    }
  }

  @Override
  public String toString() {
    return "InMemoryConfiguration[" + name + "]";
  }
}
