package dev.plumb.api.configuration;

import dev.plumb.api.Subscription;
import java.util.List;
import java.util.Map;

/**
 * A configuration store component, as the application sees it: read-only key/value items with
 * versions, and change notifications.
 *
 * <p>Thread-safe. Every method blocks until the store answers; {@link #async()} offers the reads
 * returning {@link java.util.concurrent.CompletionStage}s. Subscribing returns once the watch is in
 * place; as in Dapr, a subscription reports changes only, never the current values (read them with
 * {@link #get(String...)}). Handlers run on the runtime's executor, never on the store client's
 * thread, one update at a time per subscription. Keys must be non-empty and free of control
 * characters (stores may restrict them further): a bad key is an {@link
 * dev.plumb.api.InvalidRequestException} naming the store, the operation and the key. Failures of
 * the store are thrown as {@link dev.plumb.api.ComponentException}.
 */
public interface ConfigurationStore {

  /**
   * Returns the component's name.
   *
   * @return {@code metadata.name}
   */
  String name();

  /**
   * Reads items.
   *
   * @param keys the keys; none means every item of the store
   * @return the items found, by key; missing keys are absent; immutable
   */
  Map<String, ConfigurationItem> get(String... keys);

  /**
   * Reads items with request metadata.
   *
   * @param keys the keys; empty means every item of the store
   * @param metadata request metadata
   * @return the items found, by key; missing keys are absent; immutable
   */
  Map<String, ConfigurationItem> get(List<String> keys, Map<String, String> metadata);

  /**
   * Subscribes to changes.
   *
   * @param keys the keys to watch; empty means every key, including keys added later
   * @param handler receives the changes, each carrying the subscription's id
   * @return the running subscription; close it to unsubscribe (Dapr's {@code Unsubscribe})
   * @throws IllegalStateException if the instance is draining or closed
   */
  Subscription subscribe(List<String> keys, ConfigurationHandler handler);

  /**
   * Subscribes to changes with request metadata (such as Postgres' {@code pgNotifyChannel}).
   *
   * @param keys the keys to watch; empty means every key
   * @param metadata request metadata
   * @param handler receives the changes, each carrying the subscription's id
   * @return the running subscription; close it to unsubscribe (Dapr's {@code Unsubscribe})
   * @throws IllegalStateException if the instance is draining or closed
   */
  Subscription subscribe(
      List<String> keys, Map<String, String> metadata, ConfigurationHandler handler);

  /**
   * Returns the asynchronous view of this store's reads.
   *
   * @return a view sharing this store's component
   */
  AsyncConfigurationStore async();
}
