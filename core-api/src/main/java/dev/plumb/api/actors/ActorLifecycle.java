package dev.plumb.api.actors;

/**
 * Optional callbacks of an actor object: implement this interface to be told when the actor is
 * activated and deactivated, without a base class. Each runs as a turn of its own actor (no other
 * call runs meanwhile), and the state it changes is saved as a turn's is.
 */
public interface ActorLifecycle {

  /**
   * Runs right after the object is built, before the call that activated the actor. An exception
   * fails that call, and the actor is activated again on the next one. Does nothing by default.
   */
  default void onActivate() {}

  /**
   * Runs when the actor is deactivated: idle for its {@code actorIdleTimeout}, or {@code Plumb}
   * closing. An exception is logged and the actor is deactivated anyway. Does nothing by default.
   */
  default void onDeactivate() {}
}
