package dev.plumb.actors;

import dev.plumb.api.actors.spi.ActorPlacement;
import dev.plumb.runtime.spi.Engine;
import dev.plumb.runtime.spi.EngineContext;
import dev.plumb.runtime.spi.PlumbModule;
import java.util.function.Function;

/**
 * The actor engine module, found by {@code Plumb} through {@link java.util.ServiceLoader}: with
 * {@code plumb-actors} on the class path, {@code plumb.actors()} serves the actor types registered
 * with {@code Plumb.Builder#actor}, hosted on the state store marked {@code actorStateStore}.
 */
public final class ActorsModule implements PlumbModule {
  private final Function<EngineContext, ActorPlacement> placement;

  /** Creates the module with the single-JVM placement; {@link java.util.ServiceLoader} calls it. */
  public ActorsModule() {
    this(context -> new LocalPlacement());
  }

  /** Creates the module with another placement, for tests. */
  ActorsModule(Function<EngineContext, ActorPlacement> placement) {
    this.placement = placement;
  }

  @Override
  public String name() {
    return "actors";
  }

  @Override
  public Engine create(EngineContext context) {
    return new ActorEngine(context, placement.apply(context));
  }
}
