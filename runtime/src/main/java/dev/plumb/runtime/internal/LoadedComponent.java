package dev.plumb.runtime.internal;

import dev.plumb.api.spi.ComponentMetadata;

/**
 * A started component with what its building-block facade needs.
 *
 * @param name {@code metadata.name}
 * @param type {@code spec.type}
 * @param version {@code spec.version}
 * @param component the provider's component object
 * @param metadata the component's metadata (the facade reads its runtime-level fields from it, such
 *     as {@code keyPrefix})
 * @param invoker runs calls with the component's outbound resiliency policy and telemetry
 * @param <C> the building block's component interface
 */
public record LoadedComponent<C>(
    String name,
    String type,
    String version,
    C component,
    ComponentMetadata metadata,
    ComponentInvoker invoker) {}
