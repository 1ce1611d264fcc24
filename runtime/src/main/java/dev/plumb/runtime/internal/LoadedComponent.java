package dev.plumb.runtime.internal;

import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.runtime.spi.ComponentHandle;
import dev.plumb.runtime.spi.Invoker;

/**
 * A created component with what its facade and the engines need.
 *
 * @param name {@code metadata.name}
 * @param type {@code spec.type}
 * @param version {@code spec.version}
 * @param component the provider's component object
 * @param metadata the component's metadata (the facade reads its runtime-level fields from it, such
 *     as {@code keyPrefix})
 * @param outbound runs calls with the component's outbound resiliency policies and telemetry
 * @param inbound runs deliveries with the component's inbound resiliency policies and telemetry
 * @param <C> the building block's component interface
 */
public record LoadedComponent<C>(
    String name,
    String type,
    String version,
    C component,
    ComponentMetadata metadata,
    Invoker outbound,
    Invoker inbound)
    implements ComponentHandle<C> {

  /**
   * Returns this component seen as another block's component, for a component that serves several
   * blocks (an input and output binding).
   *
   * @param componentClass the other block's component interface; the component implements it
   * @param <D> that interface
   * @return the same component, typed
   */
  public <D> LoadedComponent<D> as(Class<D> componentClass) {
    return new LoadedComponent<>(
        name, type, version, componentClass.cast(component), metadata, outbound, inbound);
  }
}
