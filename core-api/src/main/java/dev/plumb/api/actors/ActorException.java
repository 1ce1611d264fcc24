package dev.plumb.api.actors;

import dev.plumb.api.PlumbException;

/**
 * The root of the actor building block's exceptions: a call, a registration or the actor
 * configuration was rejected by the actor runtime. An exception thrown by an actor's own method is
 * not wrapped: the caller receives it as the method threw it.
 */
public abstract class ActorException extends PlumbException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the actor type, id, method or field
   */
  protected ActorException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong, naming the actor type, id, method or field
   * @param cause the underlying failure
   */
  protected ActorException(String message, Throwable cause) {
    super(message, cause);
  }
}
