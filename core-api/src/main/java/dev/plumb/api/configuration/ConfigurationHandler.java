package dev.plumb.api.configuration;

/**
 * Receives the changes of a configuration subscription. Called on a runtime thread (never the store
 * client's), one update at a time per subscription, in the order the store reported them. An
 * exception is retried under the component's inbound resiliency policy, if any, then logged; the
 * update is then dropped, as Dapr drops it.
 */
@FunctionalInterface
public interface ConfigurationHandler {

  /**
   * Handles one change notification.
   *
   * @param update the subscription's id and the changed items
   * @throws Exception to have the failure logged
   */
  void onUpdate(ConfigurationUpdate update) throws Exception;
}
