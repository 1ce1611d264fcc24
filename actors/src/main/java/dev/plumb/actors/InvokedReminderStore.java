package dev.plumb.actors;

import dev.plumb.api.actors.spi.ReminderCompletion;
import dev.plumb.api.actors.spi.ReminderKey;
import dev.plumb.api.actors.spi.ReminderPartition;
import dev.plumb.api.actors.spi.ReminderStore;
import dev.plumb.api.actors.spi.StoredReminder;
import dev.plumb.runtime.spi.Invoker;
import java.time.Instant;
import java.util.List;

/**
 * A state component's own {@link ReminderStore}, called through the component's outbound invoker
 * like every other call into it (resiliency, spans, metrics, error wrapping). Thread-safe.
 */
final class InvokedReminderStore implements ReminderStore {
  private final ReminderStore store;
  private final Invoker invoker;

  InvokedReminderStore(ReminderStore store, Invoker invoker) {
    this.store = store;
    this.invoker = invoker;
  }

  @Override
  public void saveReminder(StoredReminder reminder) {
    invoker.call(
        "saveReminder",
        () -> {
          store.saveReminder(reminder);
          return null;
        });
  }

  @Override
  public StoredReminder getReminder(ReminderKey key) {
    return invoker.call("getReminder", () -> store.getReminder(key));
  }

  @Override
  public void deleteReminder(ReminderKey key) {
    invoker.call(
        "deleteReminder",
        () -> {
          store.deleteReminder(key);
          return null;
        });
  }

  @Override
  public List<StoredReminder> dueReminders(ReminderPartition partition, Instant before, int limit) {
    return invoker.call("dueReminders", () -> store.dueReminders(partition, before, limit));
  }

  @Override
  public void completeReminders(List<ReminderCompletion> completions) {
    invoker.call(
        "completeReminders",
        () -> {
          store.completeReminders(completions);
          return null;
        });
  }
}
