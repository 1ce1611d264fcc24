package dev.plumb.api.actors.spi;

import java.util.Objects;

/**
 * Identifies one reminder, and where it is stored: the application, the actor, the reminder's name,
 * and the partition the actor's reminders are scanned in (the runtime derives it from the actor id,
 * so one key always has one partition).
 *
 * @param appId the application id; may be empty
 * @param actorType the actor type
 * @param actorId the actor id
 * @param name the reminder's name
 * @param partition the partition, from 0 to the type's partition count minus one
 */
public record ReminderKey(
    String appId, String actorType, String actorId, String name, int partition) {

  /** Checks the components. */
  public ReminderKey {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(actorType, "actorType");
    Objects.requireNonNull(actorId, "actorId");
    Objects.requireNonNull(name, "name");
    if (partition < 0) {
      throw new IllegalArgumentException("partition must not be negative: " + partition);
    }
  }

  /**
   * Returns the partition this reminder is scanned in.
   *
   * @return the partition
   */
  public ReminderPartition partitionKey() {
    return new ReminderPartition(appId, actorType, partition);
  }
}
