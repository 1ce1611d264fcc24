package dev.plumb.actors;

import dev.plumb.api.actors.ActorReminder;
import dev.plumb.api.actors.Actors;
import dev.plumb.api.actors.AsyncActors;
import dev.plumb.api.actors.Schedule;
import java.lang.reflect.Type;
import java.util.Optional;

/**
 * {@link Actors} as one actor sees it through {@code ActorContext#actors()}: the same runtime, but
 * its calls carry the actor's call chain also from threads that do not run its turn (the stages of
 * an asynchronous method), so that reentrancy recognizes them.
 */
final class ChainedActors implements Actors {
  private final ActorEngine engine;
  private final Activation caller;
  private final AsyncActors async;

  ChainedActors(ActorEngine engine, Activation caller) {
    this.engine = engine;
    this.caller = caller;
    this.async = new AsyncView(engine, caller);
  }

  @Override
  public <T> T proxy(Class<T> actorInterface, String actorId) {
    return engine.proxy(actorInterface, null, actorId, caller);
  }

  @Override
  public <T> T proxy(Class<T> actorInterface, String actorType, String actorId) {
    return engine.proxy(
        actorInterface, java.util.Objects.requireNonNull(actorType, "actorType"), actorId, caller);
  }

  @Override
  public <R> R invoke(
      String actorType, String actorId, String method, Object payload, Class<R> resultType) {
    return resultType.cast(
        engine.invoke(actorType, actorId, method, payload, (Type) resultType, caller));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R> R invoke(
      String actorType, String actorId, String method, Object payload, Type resultType) {
    return (R) engine.invoke(actorType, actorId, method, payload, resultType, caller);
  }

  @Override
  public void registerReminder(
      String actorType, String actorId, String name, Schedule schedule, Object data) {
    engine.registerReminder(actorType, actorId, name, schedule, data);
  }

  @Override
  public Optional<ActorReminder> reminder(String actorType, String actorId, String name) {
    return engine.reminder(actorType, actorId, name);
  }

  @Override
  public void unregisterReminder(String actorType, String actorId, String name) {
    engine.unregisterReminder(actorType, actorId, name);
  }

  @Override
  public AsyncActors async() {
    return async;
  }
}
