package dev.plumb.api.actors;

/**
 * A call re-entered an actor that its own call chain already holds: either reentrancy is off for
 * the actor's type, and the call would wait for itself forever, or it is on and the chain has
 * entered the actor {@code maxStackDepth} times (Dapr's {@code ERR_ACTOR_STACK_DEPTH}, "maximum
 * stack depth exceeded").
 */
public final class ActorReentrancyException extends ActorException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the actor type and id, and which limit applied
   */
  public ActorReentrancyException(String message) {
    super(message);
  }
}
