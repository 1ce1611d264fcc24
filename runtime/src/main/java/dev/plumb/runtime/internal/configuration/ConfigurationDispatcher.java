package dev.plumb.runtime.internal.configuration;

import dev.plumb.api.configuration.ConfigurationHandler;
import dev.plumb.api.configuration.ConfigurationItem;
import dev.plumb.api.configuration.ConfigurationUpdate;
import dev.plumb.api.configuration.spi.ConfigurationComponent;
import dev.plumb.runtime.internal.LoadedComponent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one subscription's changes from the component's thread to the application's handler: the
 * component's call only queues ({@link #offer}), and the handler runs on the runtime's executor
 * through the component's inbound invoker (resiliency, span, metrics), one update at a time and in
 * the order the component reported them. A handler that still fails after the inbound policy is
 * logged and the update dropped, as Dapr drops an update the application refused. Each delivery
 * chains the next when it completes, so no runtime thread waits for another. Thread-safe.
 */
final class ConfigurationDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigurationDispatcher.class);

  /** The operation name of a delivery in spans, metrics and messages. */
  static final String OPERATION = "update";

  private final LoadedComponent<ConfigurationComponent> component;
  private final String id;
  private final ConfigurationHandler handler;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private final ArrayDeque<ConfigurationUpdate> queue = new ArrayDeque<>();
  private boolean delivering;
  private boolean stopped;

  ConfigurationDispatcher(
      LoadedComponent<ConfigurationComponent> component, String id, ConfigurationHandler handler) {
    this.component = component;
    this.id = id;
    this.handler = handler;
  }

  String id() {
    return id;
  }

  /**
   * Queues a change; called by the component on its thread. Never blocks on the handler, never
   * throws; a change after {@link #stop()} or an empty one is dropped.
   *
   * @param items the changed items by key
   */
  void offer(Map<String, ConfigurationItem> items) {
    if (items == null || items.isEmpty()) {
      return;
    }
    ConfigurationUpdate update = new ConfigurationUpdate(id, items);
    lock.lock();
    try {
      if (stopped) {
        return;
      }
      queue.add(update);
      if (delivering) {
        return;
      }
      delivering = true;
    } finally {
      lock.unlock();
    }
    deliverNext();
  }

  /** Delivers the head of the queue, then chains the next; ends when the queue is empty. */
  private void deliverNext() {
    ConfigurationUpdate update;
    lock.lock();
    try {
      update = stopped ? null : queue.poll();
      if (update == null) {
        queue.clear();
        delivering = false;
        idle.signalAll();
        return;
      }
    } finally {
      lock.unlock();
    }
    component
        .inbound()
        .callAsync(
            OPERATION,
            () -> {
              handler.onUpdate(update);
              return null;
            })
        .whenComplete(
            (ok, failure) -> {
              if (failure != null) {
                LOG.warn(
                    "configuration store '{}' ({}): the handler of subscription {} failed on an"
                        + " update of {} key(s); the update is dropped: {}",
                    component.name(),
                    component.type(),
                    id,
                    update.items().size(),
                    failure.toString());
              }
              deliverNext();
            });
  }

  /** Refuses new changes and drops queued ones; an update in the handler finishes. */
  void stop() {
    lock.lock();
    try {
      stopped = true;
      queue.clear();
      if (!delivering) {
        idle.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until no update is in the handler, at most {@code timeout} of real time.
   *
   * @return whether the handler became idle in time
   */
  boolean awaitIdle(Duration timeout) {
    long nanos = Math.max(0, timeout.toNanos());
    lock.lock();
    try {
      while (delivering) {
        if (nanos <= 0) {
          return false;
        }
        nanos = idle.awaitNanos(nanos);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "ConfigurationDispatcher[" + component.name() + ", " + id + "]";
  }
}
