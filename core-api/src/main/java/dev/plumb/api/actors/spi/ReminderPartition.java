package dev.plumb.api.actors.spi;

import java.util.Objects;

/**
 * One partition of an actor type's reminders: the unit a {@link ReminderStore} scans by due time.
 *
 * @param appId the application id; may be empty
 * @param actorType the actor type
 * @param partition the partition, from 0 to the type's partition count minus one
 */
public record ReminderPartition(String appId, String actorType, int partition) {

  /** Checks the components. */
  public ReminderPartition {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(actorType, "actorType");
    if (partition < 0) {
      throw new IllegalArgumentException("partition must not be negative: " + partition);
    }
  }
}
