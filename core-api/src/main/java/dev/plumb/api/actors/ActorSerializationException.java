package dev.plumb.api.actors;

/**
 * An argument, result, reminder payload or state value of an actor could not be serialized or read
 * back as its declared type. Calls copy values through the serializer (as they would cross a
 * network between processes), so a value the serializer cannot write fails here, in every
 * deployment. The message names the actor type, the method or key and the value's class, never the
 * value.
 */
public final class ActorSerializationException extends ActorException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the actor type, method or key, and the value's class
   * @param cause the serializer's exception
   */
  public ActorSerializationException(String message, Throwable cause) {
    super(message, cause);
  }
}
