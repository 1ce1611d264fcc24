package dev.plumb.api.bindings.spi;

import dev.plumb.api.bindings.BindingEvent;

/**
 * The runtime's callback for an input binding's events: contrib's {@code bindings.Handler}.
 * Returning means the app handled the event: acknowledge it. Throwing means it did not: redeliver
 * it where the source allows, else log. The call blocks until the app has handled the event.
 */
@FunctionalInterface
public interface ReadHandler {

  /**
   * Hands one event to the runtime.
   *
   * @param event the event read
   * @return the app's reply, for components that answer the source, or {@code null}
   * @throws Exception if the app did not handle the event
   */
  byte[] handle(BindingEvent event) throws Exception;
}
