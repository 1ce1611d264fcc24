package dev.plumb.api.workflow.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * Durable work of an instance: an activity to run, a timer to fire or a message to deliver. It
 * stays in the store until the step that consumes its result commits, which makes activities run at
 * least once and timers and messages survive crashes.
 *
 * @param instanceId the instance it belongs to (a message's target)
 * @param key unique within the instance
 * @param kind what it is
 * @param dueAt when it is due
 * @param generation the run generation it belongs to
 * @param attempt an activity's attempt, from 1; 0 otherwise
 * @param event what to run or deliver: {@code TASK_SCHEDULED} for an activity, {@code TIMER_FIRED}
 *     for a timer, the event for a message
 */
public record WorkItem(
    String instanceId,
    String key,
    Kind kind,
    Instant dueAt,
    long generation,
    int attempt,
    HistoryEvent event) {

  /** What a work item is. */
  public enum Kind {
    /** An activity to run. */
    ACTIVITY,
    /** A durable timer. */
    TIMER,
    /** A message for the instance. */
    MESSAGE
  }

  /**
   * Checks the fields.
   *
   * @param instanceId not {@code null}
   * @param key not {@code null}
   * @param kind not {@code null}
   * @param dueAt not {@code null}
   * @param generation any
   * @param attempt any
   * @param event not {@code null}
   */
  public WorkItem {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(dueAt, "dueAt");
    Objects.requireNonNull(event, "event");
  }

  /**
   * Returns the item's key.
   *
   * @return the key
   */
  public WorkKey workKey() {
    return new WorkKey(instanceId, key);
  }
}
