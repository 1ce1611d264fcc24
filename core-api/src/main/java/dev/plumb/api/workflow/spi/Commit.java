package dev.plumb.api.workflow.spi;

import java.util.List;

/**
 * One atomic write: a step of an instance (its new metadata, history events and work) or only work
 * for other instances. All of it is written, or none.
 *
 * @param instanceId the instance whose row changes; {@code null} when only work changes
 * @param expectedVersion the row version read before the step; 0 if the row must not exist
 * @param epoch the ownership epoch from {@link WorkflowStore#claim}; the store rejects an older one
 * @param record the new row (its version one more than {@code expectedVersion}); {@code null} if
 *     the row does not change
 * @param resetHistory whether the history is replaced (new generation) rather than appended to
 * @param events the events to append, in order
 * @param clearTasks whether the instance's activities and timers are deleted first (finished,
 *     terminated or continued as new)
 * @param added work to add or replace, for any instance
 * @param removed work to delete, for any instance; missing keys are ignored
 */
public record Commit(
    String instanceId,
    long expectedVersion,
    long epoch,
    InstanceRecord record,
    boolean resetHistory,
    List<HistoryEvent> events,
    boolean clearTasks,
    List<WorkItem> added,
    List<WorkKey> removed) {

  /**
   * Copies the lists.
   *
   * @param instanceId may be {@code null}
   * @param expectedVersion not negative
   * @param epoch the epoch
   * @param record may be {@code null}
   * @param resetHistory any
   * @param events not {@code null}
   * @param clearTasks any
   * @param added not {@code null}
   * @param removed not {@code null}
   */
  public Commit {
    events = List.copyOf(events);
    added = List.copyOf(added);
    removed = List.copyOf(removed);
  }

  /** What a commit did. */
  public enum Result {
    /** Written. */
    OK,
    /** Nothing written: the row's version was not {@code expectedVersion}. */
    VERSION_CONFLICT,
    /** Nothing written: another owner claimed the store with a newer epoch. */
    FENCED
  }
}
