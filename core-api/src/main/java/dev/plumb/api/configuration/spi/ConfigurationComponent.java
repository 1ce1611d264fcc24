package dev.plumb.api.configuration.spi;

import dev.plumb.api.configuration.ConfigurationHandler;
import dev.plumb.api.configuration.ConfigurationItem;
import java.util.Map;

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
   * handler} as a {@link dev.plumb.api.configuration.ConfigurationUpdate} carrying the returned id,
   * on the component's threads, one at a time per subscription; a deleted key is reported as {@link
   * ConfigurationItem#EMPTY} (or the store's own deletion marker). The component catches and logs
   * the handler's exceptions.
   *
   * @param request the keys (empty: every key, including keys added later) and metadata
   * @param handler receives the changes
   * @return the subscription's id, unique within the component
   * @throws Exception if the watch cannot be set up
   */
  String subscribe(ConfigurationRequest request, ConfigurationHandler handler) throws Exception;

  /**
   * Stops a subscription; once this returns the handler is called no more.
   *
   * @param id the id {@link #subscribe} returned
   * @return {@code true} if it existed, {@code false} if there is no such subscription
   * @throws Exception if the store fails
   */
  boolean unsubscribe(String id) throws Exception;

  /**
   * Stops every subscription and releases connections. Called once, when Plumb closes; the default
   * does nothing. Failures are the component's to log: Plumb goes on closing the others.
   */
  @Override
  default void close() {}
}
