package dev.plumb.api.actors;

/**
 * The actor configuration is invalid, found when {@code Plumb} is built: no state store or more
 * than one marked {@code actorStateStore}, an actor interface whose methods cannot be called as
 * actor methods, two registrations of one type name, or options out of range. The message names the
 * type, the method or the components involved.
 */
public final class ActorConfigurationException extends ActorException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the actor type, method or components involved
   */
  public ActorConfigurationException(String message) {
    super(message);
  }
}
