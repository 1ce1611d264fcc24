package dev.plumb.api.configuration.spi;

import dev.plumb.api.Subscription;
import dev.plumb.api.configuration.ConfigurationItem;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The provider SPI of a configuration store: Dapr's component contract ({@code Store}). The
 * configuration conformance kit in {@code plumb-testkit} defines what a correct implementation
 * does. Implementations must be thread-safe.
 */
public interface ConfigurationComponent extends AutoCloseable {

  /**
   * Checks the connection to the backing store.
   *
   * @throws Exception if it cannot be reached
   */
  default void ping() throws Exception {}

  /**
   * Reads items.
   *
   * @param request the keys (empty: all) and metadata
   * @return the items found, by key; missing keys are absent
   * @throws Exception if the store fails
   */
  Map<String, ConfigurationItem> get(ConfigurationRequest request) throws Exception;

  /**
   * Starts watching keys and returns once the watch is in place. Each change is reported to {@code
   * changes} as the changed keys with their new items, on the component's threads, one call at a
   * time per subscription and in the store's order; a deleted key is reported as Dapr's store
   * reports it ({@link ConfigurationItem#EMPTY} for most stores). Changes only: the current values
   * are not reported. The runtime's consumer only queues and returns at once; it never throws.
   *
   * @param request the keys (empty: every key, including keys added later) and metadata
   * @param changes receives the changed items, by key
   * @return the running watch: closing it stops it (Dapr's {@code Unsubscribe}); once {@code close}
   *     returns, {@code changes} is called no more
   * @throws Exception if the watch cannot be set up
   */
  Subscription subscribe(
      ConfigurationRequest request, Consumer<Map<String, ConfigurationItem>> changes)
      throws Exception;

  /**
   * Stops every subscription and releases connections. Called once, when Plumb closes; the default
   * does nothing. Failures are the component's to log: Plumb goes on closing the others.
   */
  @Override
  default void close() {}
}
