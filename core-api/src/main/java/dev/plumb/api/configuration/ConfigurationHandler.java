package dev.plumb.api.configuration;

/**
 * Receives the changes of a configuration subscription. Called on the component's thread, one
 * update at a time per subscription. An exception is logged; the update is not redelivered.
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
