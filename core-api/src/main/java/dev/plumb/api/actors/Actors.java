package dev.plumb.api.actors;

import java.lang.reflect.Type;
import java.util.Optional;

/**
 * The virtual actor building block, as the application sees it ({@code plumb.actors()}): typed
 * proxies, untyped calls, and reminders of any actor by id.
 *
 * <pre>{@code
 * Cart cart = plumb.actors().proxy(Cart.class, "user-123");
 * cart.addItem(item);                       // blocks until the turn is done
 * cart.totalAsync().thenAccept(...);        // methods returning CompletionStage do not block
 * }</pre>
 *
 * <p>An actor is activated on its first call and runs one turn at a time: a method call, a timer or
 * a reminder. Arguments and results are copied through the runtime's serializer (immutable JDK
 * values such as {@code String}, numbers, enums and {@code java.time} types are passed as they
 * are), so an actor never shares a mutable object with its caller. Thread-safe: call from any
 * thread. {@link #async()} offers the untyped calls and reminders as {@code CompletionStage}s.
 */
public interface Actors {

  /**
   * Returns a proxy to an actor of the type registered for {@code actorInterface}. Methods
   * returning {@code CompletionStage} (or {@code CompletableFuture}) return at once and complete
   * when the turn is done; the others block until it is done. An exception the actor method throws
   * is thrown (or completes the stage) as is. Creating a proxy does not activate the actor.
   *
   * @param actorInterface the actor interface
   * @param actorId the actor's id; not empty, no {@code ||}
   * @param <T> the interface
   * @return the proxy; cheap, and safe to keep
   * @throws ActorTypeNotFoundException if no type, or more than one, is registered for the
   *     interface
   * @throws dev.plumb.api.InvalidRequestException if the id is empty or contains {@code ||}
   */
  <T> T proxy(Class<T> actorInterface, String actorId);

  /**
   * Returns a proxy to an actor of a named type, for interfaces registered under several types.
   *
   * @param actorInterface the actor interface
   * @param actorType the type name
   * @param actorId the actor's id
   * @param <T> the interface
   * @return the proxy
   * @throws ActorTypeNotFoundException if the type is not hosted or has another interface
   * @throws dev.plumb.api.InvalidRequestException if the id is empty or contains {@code ||}
   */
  <T> T proxy(Class<T> actorInterface, String actorType, String actorId);

  /**
   * Calls an actor method by name, for callers without the interface, and blocks until the turn is
   * done. The payload is converted to the method's parameter type through the serializer (a {@code
   * byte[]} payload is taken as already serialized); the result is converted to {@code resultType}.
   *
   * @param actorType the type name
   * @param actorId the actor's id
   * @param method the method's name
   * @param payload the argument; {@code null} for a method without parameters
   * @param resultType the type to return the result as ({@code byte[].class} for its serialized
   *     form, {@code Void.class} to drop it)
   * @param <R> that type
   * @return the result
   * @throws ActorTypeNotFoundException if the type is not hosted
   * @throws ActorMethodNotFoundException if its interface has no such method
   * @throws ActorSerializationException if the payload or the result cannot be converted
   */
  <R> R invoke(
      String actorType, String actorId, String method, Object payload, Class<R> resultType);

  /**
   * Calls an actor method by name, returning a generic type such as {@code List<Item>}.
   *
   * @param actorType the type name
   * @param actorId the actor's id
   * @param method the method's name
   * @param payload the argument; {@code null} for a method without parameters
   * @param resultType the type to return the result as
   * @param <R> that type
   * @return the result
   * @throws ActorTypeNotFoundException if the type is not hosted
   * @throws ActorMethodNotFoundException if its interface has no such method
   * @throws ActorSerializationException if the payload or the result cannot be converted
   */
  <R> R invoke(String actorType, String actorId, String method, Object payload, Type resultType);

  /**
   * Registers a durable reminder for an actor, replacing one of the same name, without activating
   * the actor.
   *
   * @param actorType the type name
   * @param actorId the actor's id
   * @param name the reminder's name
   * @param schedule when it fires
   * @param data a payload handed back on each firing; {@code null} for none
   * @throws ActorTypeNotFoundException if the type is not hosted
   * @throws ActorScheduleException if the {@code ttl} has already passed
   * @throws ActorSerializationException if {@code data} cannot be serialized
   * @throws dev.plumb.api.ComponentException if the store fails
   */
  void registerReminder(
      String actorType, String actorId, String name, Schedule schedule, Object data);

  /**
   * Reads a reminder of an actor.
   *
   * @param actorType the type name
   * @param actorId the actor's id
   * @param name the reminder's name
   * @return the reminder, or empty if there is none of that name
   * @throws ActorTypeNotFoundException if the type is not hosted
   * @throws dev.plumb.api.ComponentException if the store fails
   */
  Optional<ActorReminder> reminder(String actorType, String actorId, String name);

  /**
   * Deletes a reminder of an actor; deleting a missing one does nothing.
   *
   * @param actorType the type name
   * @param actorId the actor's id
   * @param name the reminder's name
   * @throws ActorTypeNotFoundException if the type is not hosted
   * @throws dev.plumb.api.ComponentException if the store fails
   */
  void unregisterReminder(String actorType, String actorId, String name);

  /**
   * Returns the asynchronous view of these calls.
   *
   * @return a view sharing this runtime
   */
  AsyncActors async();
}
