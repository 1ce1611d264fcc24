package dev.plumb.runtime.internal.registry;

import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/** The {@link ComponentContext} the registry hands a provider. */
record RegistryComponentContext(
    String name,
    String type,
    String version,
    String appId,
    ComponentMetadata metadata,
    Clock clock,
    ScheduledExecutorService scheduler)
    implements ComponentContext {}
