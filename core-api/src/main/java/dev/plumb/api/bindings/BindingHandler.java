package dev.plumb.api.bindings;

/**
 * The application's handler of an input binding's events.
 *
 * <p>Called on a runtime thread, possibly on several at once (see {@link
 * InputBindingOptions#maxConcurrency()}). Returning means the event was handled and acknowledges
 * it. Throwing means it was not: the component's inbound resiliency policy retries the handler, and
 * once it gives up, components with acknowledgement (queues, brokers) have the event redelivered or
 * rejected as Dapr's do; the others (cron) log the failure.
 */
@FunctionalInterface
public interface BindingHandler {

  /**
   * Handles one event.
   *
   * @param event the event's data and metadata
   * @return the reply passed back to the component, for those that answer their source (a Camel
   *     route in {@code InOut}): {@code byte[]} as is, a {@code String} as UTF-8, anything else
   *     serialized; or {@code null} for none
   * @throws Exception if the event was not handled
   */
  Object handle(BindingEvent event) throws Exception;
}
