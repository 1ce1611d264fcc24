package dev.plumb.runtime.internal.registry;

import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.Scheduler;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;

/** The {@link ComponentContext} the registry hands a provider. */
record RegistryComponentContext(
    String name,
    String type,
    String version,
    String appId,
    ComponentMetadata metadata,
    Clock clock,
    Scheduler scheduler,
    Executor blockingExecutor,
    Function<String, String> environment)
    implements ComponentContext {

  @Override
  public Optional<String> env(String name) {
    return Optional.ofNullable(environment.apply(name));
  }
}
