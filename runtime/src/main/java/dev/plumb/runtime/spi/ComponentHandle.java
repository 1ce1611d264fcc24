package dev.plumb.runtime.spi;

import dev.plumb.api.spi.ComponentMetadata;

/**
 * A created component as an engine (or a block's facade) sees it: the provider's object and the
 * invokers through which every call into it, and every delivery from it, must go.
 *
 * @param <C> the building block's component interface, such as {@code StateComponent}
 */
public interface ComponentHandle<C> {

  /**
   * Returns the component's name.
   *
   * @return {@code metadata.name}
   */
  String name();

  /**
   * Returns the component's type.
   *
   * @return {@code spec.type}, such as {@code state.redis}
   */
  String type();

  /**
   * Returns the component's version.
   *
   * @return {@code spec.version}, such as {@code v1}
   */
  String version();

  /**
   * Returns the provider's component object. Call it only through {@link #outbound()}.
   *
   * @return the component
   */
  C component();

  /**
   * Returns the component's metadata, for runtime-level fields such as {@code actorStateStore}.
   *
   * @return the metadata view
   */
  ComponentMetadata metadata();

  /**
   * Returns the invoker of calls into the component: its outbound resiliency policies and
   * telemetry.
   *
   * @return the invoker
   */
  Invoker outbound();

  /**
   * Returns the invoker of deliveries from the component to the application (messages, events): its
   * inbound resiliency policies and telemetry.
   *
   * @return the invoker
   */
  Invoker inbound();
}
