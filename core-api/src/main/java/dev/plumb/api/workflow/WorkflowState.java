package dev.plumb.api.workflow;

import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of an instance's metadata, as Dapr's get returns it. Immutable; payloads are
 * deserialized on demand and never appear in {@link Object#toString()}.
 */
public interface WorkflowState {

  /**
   * Returns the instance id.
   *
   * @return the id
   */
  String instanceId();

  /**
   * Returns the workflow's name.
   *
   * @return the name
   */
  String name();

  /**
   * Returns the runtime status.
   *
   * @return the status
   */
  WorkflowStatus status();

  /**
   * Returns when the instance was scheduled.
   *
   * @return the instant
   */
  Instant createdAt();

  /**
   * Returns when the instance's status or history last changed.
   *
   * @return the instant
   */
  Instant lastUpdatedAt();

  /**
   * Returns why the instance failed.
   *
   * @return the failure, or empty unless {@link WorkflowStatus#FAILED}
   */
  Optional<FailureDetails> failure();

  /**
   * Returns why the instance stalled.
   *
   * @return the reason, or empty unless {@link WorkflowStatus#STALLED}
   */
  Optional<String> stalledReason();

  /**
   * Returns the id of the instance that started this one as a child.
   *
   * @return the parent's id, or empty for a top-level instance
   */
  Optional<String> parentInstanceId();

  /**
   * Deserializes the input.
   *
   * @param type the type
   * @param <T> the type
   * @return the input; {@code null} if none
   * @throws WorkflowSerializationException if it cannot be read as {@code type}
   */
  <T> T readInputAs(Class<T> type);

  /**
   * Deserializes the output (or a terminated instance's reason).
   *
   * @param type the type
   * @param <T> the type
   * @return the output; {@code null} if none
   * @throws WorkflowSerializationException if it cannot be read as {@code type}
   */
  <T> T readOutputAs(Class<T> type);

  /**
   * Deserializes the custom status.
   *
   * @param type the type
   * @param <T> the type
   * @return the status; {@code null} if none
   * @throws WorkflowSerializationException if it cannot be read as {@code type}
   */
  <T> T readCustomStatusAs(Class<T> type);
}
