package dev.plumb.api.actors.spi;

import java.util.Objects;

/**
 * The outcome of one firing: the reminder moves to its next due time, or is deleted. It applies
 * only if the stored reminder still has the revision that fired; if it was registered again or
 * deleted meanwhile, the store leaves it as it is.
 *
 * @param key which reminder
 * @param firedRevision the revision that fired
 * @param next the reminder to store in its place, or {@code null} to delete it; it has the same
 *     key, period, expiration and payload, so a store may write only its {@code dueTime}, {@code
 *     remainingRepetitions} and {@code revision}
 */
public record ReminderCompletion(ReminderKey key, long firedRevision, StoredReminder next) {

  /** Checks the components. */
  public ReminderCompletion {
    Objects.requireNonNull(key, "key");
    if (next != null && !next.key().equals(key)) {
      throw new IllegalArgumentException("next reminder " + next.key() + " is not " + key);
    }
  }
}
