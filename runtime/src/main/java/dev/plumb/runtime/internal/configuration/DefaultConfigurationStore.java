package dev.plumb.runtime.internal.configuration;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.Subscription;
import dev.plumb.api.configuration.AsyncConfigurationStore;
import dev.plumb.api.configuration.ConfigurationHandler;
import dev.plumb.api.configuration.ConfigurationItem;
import dev.plumb.api.configuration.ConfigurationStore;
import dev.plumb.api.configuration.spi.ConfigurationComponent;
import dev.plumb.api.configuration.spi.ConfigurationRequest;
import dev.plumb.runtime.internal.LoadedComponent;
import dev.plumb.runtime.internal.RuntimeContext;
import dev.plumb.runtime.spi.Lifecycle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ConfigurationStore} facade over one configuration component, and its part in the
 * instance's lifecycle. Reads and subscriptions go through the component's outbound invoker; each
 * subscription gets an id and a {@link ConfigurationDispatcher} that hands the component's changes
 * to the handler on the runtime's executor, one at a time. {@link #drain(Duration)} refuses new
 * subscriptions, stops the component's watches and waits for the updates already in the handlers;
 * {@link #close()} stops what is still running. Thread-safe.
 */
public final class DefaultConfigurationStore implements ConfigurationStore, Lifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultConfigurationStore.class);

  private final LoadedComponent<ConfigurationComponent> component;
  private final AsyncConfigurationStore async = new AsyncView();
  private final Set<Running> running = ConcurrentHashMap.newKeySet();
  // A lock rather than synchronized: subscribing calls the store, and must not pin a virtual
  // thread.
  private final ReentrantLock lock = new ReentrantLock();
  private boolean closed;

  /** A subscription: its dispatcher and the component's watch. */
  private record Running(ConfigurationDispatcher dispatcher, Subscription watch) {}

  /**
   * Creates the facade.
   *
   * @param runtime the runtime services
   * @param component the configuration component
   */
  public DefaultConfigurationStore(
      RuntimeContext runtime, LoadedComponent<ConfigurationComponent> component) {
    this.component = Objects.requireNonNull(component, "component");
  }

  @Override
  public String name() {
    return component.name();
  }

  @Override
  public Map<String, ConfigurationItem> get(String... keys) {
    return get(Arrays.asList(Objects.requireNonNull(keys, "keys")), Map.of());
  }

  @Override
  public Map<String, ConfigurationItem> get(List<String> keys, Map<String, String> metadata) {
    ConfigurationRequest r = request("get", keys, metadata);
    return Map.copyOf(component.outbound().call("get", () -> component.component().get(r)));
  }

  @Override
  public Subscription subscribe(List<String> keys, ConfigurationHandler handler) {
    return subscribe(keys, Map.of(), handler);
  }

  @Override
  public Subscription subscribe(
      List<String> keys, Map<String, String> metadata, ConfigurationHandler handler) {
    ConfigurationRequest r = request("subscribe", keys, metadata);
    Objects.requireNonNull(handler, "handler");
    String id = UUID.randomUUID().toString();
    ConfigurationDispatcher dispatcher = new ConfigurationDispatcher(component, id, handler);
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException(
            "configuration store '" + name() + "' is closed; no new subscriptions");
      }
      Subscription watch =
          component
              .outbound()
              .call("subscribe", () -> component.component().subscribe(r, dispatcher::offer));
      Running s = new Running(dispatcher, Objects.requireNonNull(watch, "watch"));
      running.add(s);
      LOG.debug("configuration store '{}': subscription {} on {}", name(), id, r.keys());
      return () -> stop(s);
    } finally {
      lock.unlock();
    }
  }

  /** Stops a subscription: no more deliveries, then the component's watch. Idempotent. */
  private void stop(Running s) {
    if (!running.remove(s)) {
      return;
    }
    s.dispatcher().stop();
    try {
      s.watch().close();
    } catch (RuntimeException e) {
      LOG.warn(
          "configuration store '{}': closing subscription {} failed: {}",
          name(),
          s.dispatcher().id(),
          e.toString());
    }
  }

  @Override
  public AsyncConfigurationStore async() {
    return async;
  }

  /**
   * Checks keys and builds the component's request.
   *
   * @throws InvalidRequestException naming the store, the operation and the bad key
   */
  private ConfigurationRequest request(
      String operation, List<String> keys, Map<String, String> metadata) {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(metadata, "metadata");
    List<String> checked = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      checked.add(checkKey(operation, i, keys.get(i)));
    }
    return new ConfigurationRequest(checked, metadata);
  }

  private String checkKey(String operation, int index, String key) {
    String where = "configuration store '" + name() + "': " + operation + ": key [" + index + "]";
    if (key == null) {
      throw new InvalidRequestException(where + " is null");
    }
    if (key.isEmpty()) {
      throw new InvalidRequestException(where + " is empty");
    }
    for (int i = 0; i < key.length(); i++) {
      if (Character.isISOControl(key.charAt(i))) {
        // The key itself may be junk from outside: name the position, not the text.
        throw new InvalidRequestException(
            where + " has a control character at position " + i + "; keys must be printable");
      }
    }
    return key;
  }

  @Override
  public void drain(Duration timeout) {
    List<Running> all;
    lock.lock();
    try {
      closed = true;
      all = new ArrayList<>(running);
    } finally {
      lock.unlock();
    }
    long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
    for (Running s : all) {
      stop(s);
    }
    for (Running s : all) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      if (!s.dispatcher().awaitIdle(left)) {
        LOG.warn(
            "configuration store '{}': subscription {} still in its handler after the grace period",
            name(),
            s.dispatcher().id());
      }
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
    } finally {
      lock.unlock();
    }
    for (Running s : new ArrayList<>(running)) {
      stop(s);
    }
  }

  @Override
  public String toString() {
    return "ConfigurationStore[" + name() + ", " + component.type() + "]";
  }

  /** The asynchronous reads: the same calls on the invoker's executor. */
  private final class AsyncView implements AsyncConfigurationStore {
    @Override
    public CompletionStage<Map<String, ConfigurationItem>> get(String... keys) {
      try {
        return get(Arrays.asList(Objects.requireNonNull(keys, "keys")), Map.of());
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public CompletionStage<Map<String, ConfigurationItem>> get(
        List<String> keys, Map<String, String> metadata) {
      ConfigurationRequest r;
      try {
        r = request("get", keys, metadata);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      return component
          .outbound()
          .callAsync("get", () -> component.component().get(r))
          .thenApply(Map::copyOf);
    }

    @Override
    public String toString() {
      return "AsyncConfigurationStore[" + name() + "]";
    }
  }
}
