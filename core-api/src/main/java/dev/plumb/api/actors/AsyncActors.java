package dev.plumb.api.actors;

import java.lang.reflect.Type;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The asynchronous view of {@link Actors}: the same calls, returning at once. Each stage completes
 * with what the blocking call would return, or exceptionally with what it would throw. A call that
 * has to wait for a busy actor waits without holding a thread.
 */
public interface AsyncActors {

  /**
   * Calls an actor method by name; see {@link Actors#invoke(String, String, String, Object,
   * Class)}.
   *
   * @param actorType the type name
   * @param actorId the actor's id
   * @param method the method's name
   * @param payload the argument; {@code null} for a method without parameters
   * @param resultType the type to return the result as
   * @param <R> that type
   * @return completes with the result when the turn is done
   */
  <R> CompletionStage<R> invoke(
      String actorType, String actorId, String method, Object payload, Class<R> resultType);

  /**
   * Calls an actor method by name, returning a generic type; see {@link Actors#invoke(String,
   * String, String, Object, Type)}.
   *
   * @param actorType the type name
   * @param actorId the actor's id
   * @param method the method's name
   * @param payload the argument; {@code null} for a method without parameters
   * @param resultType the type to return the result as
   * @param <R> that type
   * @return completes with the result when the turn is done
   */
  <R> CompletionStage<R> invoke(
      String actorType, String actorId, String method, Object payload, Type resultType);

  /**
   * Registers a reminder; see {@link Actors#registerReminder}.
   *
   * @param actorType the type name
   * @param actorId the actor's id
   * @param name the reminder's name
   * @param schedule when it fires
   * @param data a payload handed back on each firing; {@code null} for none
   * @return completes when the reminder is stored
   */
  CompletionStage<Void> registerReminder(
      String actorType, String actorId, String name, Schedule schedule, Object data);

  /**
   * Reads a reminder; see {@link Actors#reminder}.
   *
   * @param actorType the type name
   * @param actorId the actor's id
   * @param name the reminder's name
   * @return completes with the reminder, or empty
   */
  CompletionStage<Optional<ActorReminder>> reminder(String actorType, String actorId, String name);

  /**
   * Deletes a reminder; see {@link Actors#unregisterReminder}.
   *
   * @param actorType the type name
   * @param actorId the actor's id
   * @param name the reminder's name
   * @return completes when the reminder is deleted
   */
  CompletionStage<Void> unregisterReminder(String actorType, String actorId, String name);
}
