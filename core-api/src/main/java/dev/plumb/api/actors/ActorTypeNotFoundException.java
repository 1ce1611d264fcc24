package dev.plumb.api.actors;

/**
 * A call, proxy or reminder named an actor type (or an actor interface) that no registration on
 * this {@code Plumb} hosts. The message lists the hosted types.
 */
public final class ActorTypeNotFoundException extends ActorException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the type or interface and lists the hosted types
   */
  public ActorTypeNotFoundException(String message) {
    super(message);
  }
}
