package dev.plumb.api.bindings;

import dev.plumb.api.Subscription;

/**
 * An input binding component, as the application sees it: the events it reads from an external
 * system (a queue's messages, a cron schedule's ticks) go to the one handler subscribed to it.
 *
 * <p>A binding reads only while a handler is subscribed and the {@code Plumb} instance is started:
 * a handler subscribed before {@code start()} starts receiving then, one subscribed later at once.
 * Without a handler nothing is read, and a broker keeps its messages, as Dapr does for an app that
 * does not listen to a binding. Each event is handed to the handler on a runtime thread, at most
 * {@link InputBindingOptions#maxConcurrency()} at once, under the component's inbound resiliency
 * policies; returning acknowledges it, throwing fails it (see {@link BindingHandler}).
 *
 * <p>Thread-safe.
 */
public interface InputBinding {

  /**
   * Returns the component's name.
   *
   * @return {@code metadata.name}
   */
  String name();

  /**
   * Subscribes the binding's handler with default options.
   *
   * @param handler called per event; not {@code null}
   * @return the subscription; closing it stops reading, and another handler may then subscribe
   * @throws IllegalStateException if a handler is already subscribed, or the instance is closed
   */
  Subscription subscribe(BindingHandler handler);

  /**
   * Subscribes the binding's handler.
   *
   * @param handler called per event; not {@code null}
   * @param options how many events the handler may work on at once
   * @return the subscription; closing it stops reading, and another handler may then subscribe
   * @throws IllegalStateException if a handler is already subscribed, or the instance is closed
   */
  Subscription subscribe(BindingHandler handler, InputBindingOptions options);
}
