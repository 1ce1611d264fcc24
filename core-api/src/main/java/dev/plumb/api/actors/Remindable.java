package dev.plumb.api.actors;

/**
 * Implemented by an actor object that registers reminders: the actor runtime calls {@link
 * #receiveReminder} when one is due, activating the actor first if it is not active.
 */
public interface Remindable {

  /**
   * Handles a due reminder, as a turn of the actor. When it returns, the firing counts as done and
   * a periodic reminder moves to its next due time. When it throws, the firing is retried with
   * back-off (500 ms doubling up to 60 s, for at most 15 minutes, Dapr's built-in reminder
   * retries); the state the turn changed is not saved. A JVM crash before it is done makes it fire
   * again: reminders fire at least once, so make the handling idempotent.
   *
   * @param reminder the reminder, with its name, due time and payload
   */
  void receiveReminder(ActorReminder reminder);
}
