package dev.plumb.api.workflow.spi;

import dev.plumb.api.workflow.FailureDetails;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One event of an instance's history, or a message on its way to an instance. The fields each type
 * uses are listed on {@link EventType}; the others are zero or {@code null}. Immutable (do not
 * change {@code data}); {@link #toString()} never shows payloads.
 *
 * @param type the type
 * @param timestamp when it was recorded
 * @param taskId the task it concerns; -1 if none
 * @param name an activity, workflow, event or origin name; may be {@code null}
 * @param data a serialized payload; may be {@code null}
 * @param fireAt a timer's due instant; may be {@code null}
 * @param instanceId a child's or parent's instance id; may be {@code null}
 * @param relatedId a related task id (first attempt of a retry, parent's task); -1 if none
 * @param generation the run generation it belongs to
 * @param failure failure details; may be {@code null}
 * @param patches the patches a step knew; empty if none
 * @param traceParent the W3C {@code traceparent} of the span that scheduled the run, on {@code
 *     EXECUTION_STARTED}, so one trace spans the run across restarts; may be {@code null}
 */
public record HistoryEvent(
    EventType type,
    Instant timestamp,
    int taskId,
    String name,
    byte[] data,
    Instant fireAt,
    String instanceId,
    int relatedId,
    long generation,
    FailureDetails failure,
    List<String> patches,
    String traceParent) {

  /**
   * Checks and copies.
   *
   * @param type not {@code null}
   * @param timestamp not {@code null}
   * @param taskId any
   * @param name may be {@code null}
   * @param data may be {@code null}
   * @param fireAt may be {@code null}
   * @param instanceId may be {@code null}
   * @param relatedId any
   * @param generation any
   * @param failure may be {@code null}
   * @param patches may be {@code null} for none
   * @param traceParent may be {@code null}
   */
  public HistoryEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(timestamp, "timestamp");
    patches = patches == null ? List.of() : List.copyOf(patches);
  }

  /**
   * Creates an event without a trace parent.
   *
   * @param type not {@code null}
   * @param timestamp not {@code null}
   * @param taskId any
   * @param name may be {@code null}
   * @param data may be {@code null}
   * @param fireAt may be {@code null}
   * @param instanceId may be {@code null}
   * @param relatedId any
   * @param generation any
   * @param failure may be {@code null}
   * @param patches may be {@code null} for none
   */
  public HistoryEvent(
      EventType type,
      Instant timestamp,
      int taskId,
      String name,
      byte[] data,
      Instant fireAt,
      String instanceId,
      int relatedId,
      long generation,
      FailureDetails failure,
      List<String> patches) {
    this(
        type,
        timestamp,
        taskId,
        name,
        data,
        fireAt,
        instanceId,
        relatedId,
        generation,
        failure,
        patches,
        null);
  }

  /**
   * Creates an event with only a type, a time, a task and a name.
   *
   * @param type the type
   * @param timestamp when
   * @param taskId the task, -1 if none
   * @param name the name, may be {@code null}
   * @return the event
   */
  public static HistoryEvent of(EventType type, Instant timestamp, int taskId, String name) {
    return new HistoryEvent(type, timestamp, taskId, name, null, null, null, -1, 0, null, null);
  }

  /**
   * Returns a copy with a payload.
   *
   * @param payload the bytes
   * @return the copy
   */
  public HistoryEvent withData(byte[] payload) {
    return new HistoryEvent(
        type,
        timestamp,
        taskId,
        name,
        payload,
        fireAt,
        instanceId,
        relatedId,
        generation,
        failure,
        patches,
        traceParent);
  }

  /**
   * Returns a copy with a failure.
   *
   * @param details the failure
   * @return the copy
   */
  public HistoryEvent withFailure(FailureDetails details) {
    return new HistoryEvent(
        type,
        timestamp,
        taskId,
        name,
        data,
        fireAt,
        instanceId,
        relatedId,
        generation,
        details,
        patches,
        traceParent);
  }

  /**
   * Returns a copy with a generation.
   *
   * @param gen the generation
   * @return the copy
   */
  public HistoryEvent withGeneration(long gen) {
    return new HistoryEvent(
        type,
        timestamp,
        taskId,
        name,
        data,
        fireAt,
        instanceId,
        relatedId,
        gen,
        failure,
        patches,
        traceParent);
  }

  /**
   * Returns a copy with a trace parent.
   *
   * @param w3c the W3C {@code traceparent}, or {@code null}
   * @return the copy
   */
  public HistoryEvent withTraceParent(String w3c) {
    return new HistoryEvent(
        type,
        timestamp,
        taskId,
        name,
        data,
        fireAt,
        instanceId,
        relatedId,
        generation,
        failure,
        patches,
        w3c);
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public String toString() {
    return "HistoryEvent["
        + type
        + " task="
        + taskId
        + (name == null ? "" : " name=" + name)
        + (instanceId == null ? "" : " instance=" + instanceId)
        + (fireAt == null ? "" : " fireAt=" + fireAt)
        + " gen="
        + generation
        + "]";
  }
}
