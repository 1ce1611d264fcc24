package dev.plumb.api.actors;

import java.time.Clock;
import java.util.Optional;

/**
 * What an actor object gets from the actor runtime: its identity, its state, its timers and
 * reminders, the runtime's clock, a logger, and the actors it may call. One context per activation,
 * handed to the {@link ActorFactory}; keep it in a field.
 *
 * <p>Use the state, timers and reminders during the actor's turns; {@link #id()}, {@link #type()},
 * {@link #clock()} and {@link #logger()} from anywhere.
 */
public interface ActorContext {

  /**
   * Returns the actor's id.
   *
   * @return the id, such as {@code user-123}
   */
  String id();

  /**
   * Returns the actor's type.
   *
   * @return the type name, such as {@code Cart}
   */
  String type();

  /**
   * Returns the actor's state.
   *
   * @return the state of this actor; the same object for the whole activation
   */
  ActorStateManager state();

  /**
   * Registers a timer, replacing one of the same name. A timer lives with the activation: it is
   * gone when the actor is deactivated, and it keeps the actor active while it fires. Each firing
   * runs {@code callback} as a turn of this actor; if it throws, the exception is logged, the state
   * it changed is not saved, and the timer goes on.
   *
   * @param name the timer's name, unique per actor
   * @param schedule when it fires
   * @param callback what it runs
   * @throws ActorScheduleException if the {@code ttl} has already passed
   */
  void registerTimer(String name, Schedule schedule, Runnable callback);

  /**
   * Cancels a timer; cancelling a missing one does nothing.
   *
   * @param name the timer's name
   */
  void unregisterTimer(String name);

  /**
   * Registers a durable reminder, replacing one of the same name: it survives deactivation and
   * restarts, and activates the actor when due. The actor object must implement {@link Remindable}.
   *
   * @param name the reminder's name, unique per actor
   * @param schedule when it fires
   * @param data a payload handed back on each firing, serialized now; {@code null} for none
   * @throws ActorScheduleException if the {@code ttl} has already passed
   * @throws ActorSerializationException if {@code data} cannot be serialized
   * @throws dev.plumb.api.ComponentException if the store fails
   */
  void registerReminder(String name, Schedule schedule, Object data);

  /**
   * Deletes a reminder; deleting a missing one does nothing.
   *
   * @param name the reminder's name
   * @throws dev.plumb.api.ComponentException if the store fails
   */
  void unregisterReminder(String name);

  /**
   * Reads a reminder of this actor.
   *
   * @param name the reminder's name
   * @return the reminder, or empty if none has that name
   * @throws dev.plumb.api.ComponentException if the store fails
   */
  Optional<ActorReminder> reminder(String name);

  /**
   * Returns the runtime's clock; use it for every instant, so that a test can move time.
   *
   * @return the injected clock
   */
  Clock clock();

  /**
   * Returns a logger named after the actor type ({@code dev.plumb.actors.<type>}); the JDK's {@link
   * System.Logger}, which SLF4J, Log4j and java.util.logging all back.
   *
   * @return the logger
   */
  System.Logger logger();

  /**
   * Returns the actor runtime as seen from this actor: calls made through it belong to this actor's
   * call chain, also from stages of an asynchronous method, so that reentrancy recognizes them.
   *
   * @return the actors API
   */
  Actors actors();
}
