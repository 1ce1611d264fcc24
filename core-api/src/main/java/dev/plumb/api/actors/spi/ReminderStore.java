package dev.plumb.api.actors.spi;

import java.time.Instant;
import java.util.List;

/**
 * Durable storage of actor reminders, indexed by partition and due time so that the actor runtime
 * loads only what falls due soon, never every reminder. A state component that can do this natively
 * (a sorted set per partition on Redis, an indexed table on PostgreSQL) implements this interface
 * besides its state SPI, and the actor runtime uses it when that component is the actor state
 * store; any other actor state store gets a generic implementation on its key/value operations.
 *
 * <p>The runtime calls these methods through the component's outbound invoker (resiliency,
 * telemetry), from any thread. Keys of one application never see another's. Implementations must be
 * thread-safe; a failure is thrown as is and wrapped by the runtime.
 */
public interface ReminderStore {

  /**
   * Inserts a reminder or replaces the one with the same key.
   *
   * @param reminder the reminder
   * @throws Exception if the store fails; nothing was changed
   */
  void saveReminder(StoredReminder reminder) throws Exception;

  /**
   * Reads one reminder.
   *
   * @param key the reminder's key
   * @return the reminder, or {@code null} if none has that key
   * @throws Exception if the store fails
   */
  StoredReminder getReminder(ReminderKey key) throws Exception;

  /**
   * Deletes a reminder; deleting a missing one does nothing.
   *
   * @param key the reminder's key
   * @throws Exception if the store fails
   */
  void deleteReminder(ReminderKey key) throws Exception;

  /**
   * Reads the reminders of a partition due before an instant, earliest first.
   *
   * @param partition the partition
   * @param before the exclusive upper bound of due times
   * @param limit the most reminders to return; positive
   * @return at most {@code limit} reminders, ordered by due time
   * @throws Exception if the store fails
   */
  List<StoredReminder> dueReminders(ReminderPartition partition, Instant before, int limit)
      throws Exception;

  /**
   * Applies the outcomes of firings, each only if its reminder still has the revision that fired.
   * Stores should apply a batch in few round trips: the runtime batches completions so that
   * reminder throughput does not pay one round trip per firing.
   *
   * @param completions the outcomes, at most one per key
   * @throws Exception if the store fails; completions already applied may stay applied, and the
   *     runtime fires the others again
   */
  void completeReminders(List<ReminderCompletion> completions) throws Exception;
}
