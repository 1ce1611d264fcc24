package dev.plumb.api.actors.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A reminder as a {@link ReminderStore} keeps it. The store persists every field as given and
 * returns it unchanged; only the actor runtime interprets them.
 *
 * @param key which reminder, and its partition
 * @param dueTime when it fires next (millisecond precision is enough)
 * @param period the period as registered, such as {@code R5/PT1M}; {@code null} if it fires once
 * @param remainingRepetitions how many more firings after the next one; -1 for no limit
 * @param expiration when it expires; {@code null} without a ttl
 * @param data the serialized payload; {@code null} for none. Compared by reference in {@code
 *     equals}
 * @param revision changes on every write of the reminder; stores compare it to apply completions
 *     only to the revision that fired
 */
public record StoredReminder(
    ReminderKey key,
    Instant dueTime,
    String period,
    int remainingRepetitions,
    Instant expiration,
    byte[] data,
    long revision) {

  /** Checks the components. */
  public StoredReminder {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(dueTime, "dueTime");
  }

  @Override
  public String toString() {
    return "StoredReminder["
        + key
        + ", dueTime="
        + dueTime
        + ", period="
        + period
        + ", remainingRepetitions="
        + remainingRepetitions
        + ", expiration="
        + expiration
        + ", data="
        + (data == null ? "none" : data.length + " bytes")
        + ", revision="
        + revision
        + "]";
  }
}
