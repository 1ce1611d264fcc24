package dev.plumb.api.bindings;

/**
 * The application's handler of an input binding's events.
 *
 * <p>Called on a runtime thread, possibly on several at once. Returning means the event was
 * handled; throwing means it was not: components with acknowledgement (queues) redeliver it, under
 * the inbound resiliency policy, the others log the failure.
 */
@FunctionalInterface
public interface BindingHandler {

  /**
   * Handles one event.
   *
   * @param event the event's data and metadata
   * @return the reply passed back to the component ({@code byte[]} as is, anything else
   *     serialized), or {@code null} for none
   * @throws Exception if the event was not handled
   */
  Object handle(BindingEvent event) throws Exception;
}
