package dev.plumb.api.configuration;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The asynchronous view of a {@link ConfigurationStore}'s reads: stages that complete when the
 * store answers, or exceptionally with the exception the blocking call would throw. Stages complete
 * on a runtime thread; do not block in their callbacks. Subscribing and unsubscribing have no
 * asynchronous form: they return once the watch is in place or gone. Thread-safe.
 */
public interface AsyncConfigurationStore {

  /**
   * Reads items; see {@link ConfigurationStore#get(String...)}.
   *
   * @param keys the keys; none means every item of the store
   * @return the items found, by key; missing keys are absent; immutable
   */
  CompletionStage<Map<String, ConfigurationItem>> get(String... keys);

  /**
   * Reads items with request metadata; see {@link ConfigurationStore#get(List, Map)}.
   *
   * @param keys the keys; empty means every item of the store
   * @param metadata request metadata
   * @return the items found, by key; missing keys are absent; immutable
   */
  CompletionStage<Map<String, ConfigurationItem>> get(
      List<String> keys, Map<String, String> metadata);
}
