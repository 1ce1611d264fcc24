package dev.plumb.actors;

import dev.plumb.api.actors.ActorReminder;
import dev.plumb.api.actors.AsyncActors;
import dev.plumb.api.actors.Schedule;
import java.lang.reflect.Type;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The asynchronous view of the actor runtime. Calls wait for a busy actor without a thread;
 * reminder operations, which are store I/O, run on the blocking executor.
 */
final class AsyncView implements AsyncActors {
  private final ActorEngine engine;
  private final Activation caller;

  /**
   * Creates the view.
   *
   * @param caller the actor whose calls these are, or {@code null} for the application's
   */
  AsyncView(ActorEngine engine, Activation caller) {
    this.engine = engine;
    this.caller = caller;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R> CompletionStage<R> invoke(
      String actorType, String actorId, String method, Object payload, Class<R> resultType) {
    return (CompletionStage<R>)
        engine.invokeAsync(actorType, actorId, method, payload, resultType, caller);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R> CompletionStage<R> invoke(
      String actorType, String actorId, String method, Object payload, Type resultType) {
    return (CompletionStage<R>)
        engine.invokeAsync(actorType, actorId, method, payload, resultType, caller);
  }

  @Override
  public CompletionStage<Void> registerReminder(
      String actorType, String actorId, String name, Schedule schedule, Object data) {
    return CompletableFuture.runAsync(
        () -> engine.registerReminder(actorType, actorId, name, schedule, data),
        engine.blockingExecutor());
  }

  @Override
  public CompletionStage<Optional<ActorReminder>> reminder(
      String actorType, String actorId, String name) {
    return CompletableFuture.supplyAsync(
        () -> engine.reminder(actorType, actorId, name), engine.blockingExecutor());
  }

  @Override
  public CompletionStage<Void> unregisterReminder(String actorType, String actorId, String name) {
    return CompletableFuture.runAsync(
        () -> engine.unregisterReminder(actorType, actorId, name), engine.blockingExecutor());
  }
}
