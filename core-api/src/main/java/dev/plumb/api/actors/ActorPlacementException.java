package dev.plumb.api.actors;

/**
 * The actor placement puts the actor on another member of the application, and this {@code Plumb}
 * cannot forward calls to it, or placement is not available. The message names the actor and the
 * member.
 */
public final class ActorPlacementException extends ActorException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the actor type and id and where placement puts it
   */
  public ActorPlacementException(String message) {
    super(message);
  }
}
