package dev.plumb.api.actors;

/**
 * A timer or reminder schedule is invalid: a {@code dueTime}, {@code period} or {@code ttl} that is
 * not a Go duration, an ISO 8601 duration or an RFC 3339 time, zero repetitions, or a {@code ttl}
 * that has already passed. Nothing was registered.
 */
public final class ActorScheduleException extends ActorException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the field and its value, and the timer or reminder where known
   */
  public ActorScheduleException(String message) {
    super(message);
  }
}
