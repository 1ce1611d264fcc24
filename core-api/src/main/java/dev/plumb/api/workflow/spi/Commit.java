package dev.plumb.api.workflow.spi;

import java.util.List;

/**
 * One atomic write: a step of an instance (its new metadata, history events and work) or only work
 * for other instances. All of it is written, or none.
 *
 * @param instanceId the instance whose row changes; {@code null} when only work changes
 * @param expectedVersion the row version read before the step; 0 if the row must not exist
 * @param epoch the epoch of the committing engine's lease on the instance's partition; the store
 *     rejects a commit whose lease was since granted to another. 0 from an engine without that
 *     lease, for the writes it may make unfenced: only work ({@code record} null), or a new row for
 *     an id that is free or whose instance finished ({@code schedule})
 * @param record the new row (its version one more than {@code expectedVersion}); {@code null} if
 *     the row does not change
 * @param resetHistory whether the history is replaced (new generation) rather than appended to
 * @param events the events to append, in order
 * @param clearTasks whether the instance's activities and timers are deleted first (finished,
 *     terminated or continued as new)
 * @param added work to add or replace, for any instance
 * @param removed work to delete, for any instance; missing keys are ignored
 * @param signal whether the instances {@code added} work for are signalled to their partitions'
 *     owners through {@link WorkflowStore#inbox}, in the same atomic write: set when the committing
 *     engine does not hold one of those partitions
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
    List<WorkKey> removed,
    boolean signal) {

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
   * @param signal any
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
    /** Nothing written: the partition's lease was granted to another engine since. */
    FENCED
  }
}
