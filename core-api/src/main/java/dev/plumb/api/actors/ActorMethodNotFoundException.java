package dev.plumb.api.actors;

/**
 * An untyped call named a method that the actor type's interface does not declare. The message
 * names the type and the method and lists the methods it has.
 */
public final class ActorMethodNotFoundException extends ActorException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the actor type and the method
   */
  public ActorMethodNotFoundException(String message) {
    super(message);
  }
}
