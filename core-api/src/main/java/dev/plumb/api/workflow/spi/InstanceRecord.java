package dev.plumb.api.workflow.spi;

import dev.plumb.api.workflow.FailureDetails;
import dev.plumb.api.workflow.WorkflowStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * An instance's metadata row. Immutable (do not change the arrays); {@link #toString()} never shows
 * payloads.
 *
 * @param instanceId the id
 * @param name the workflow's name
 * @param versionName the workflow version; may be {@code null}
 * @param status the runtime status
 * @param createdAt when scheduled
 * @param updatedAt when last changed
 * @param input the serialized input; may be {@code null}
 * @param output the serialized output; may be {@code null}
 * @param customStatus the serialized custom status; may be {@code null}
 * @param failure why it failed; may be {@code null}
 * @param stalledReason why it stalled; may be {@code null}
 * @param parentInstanceId the parent's id; may be {@code null}
 * @param generation the run generation: 1, then one more per continue-as-new or id reuse
 * @param version the row version the store checks on commit; 1 for a new row
 */
public record InstanceRecord(
    String instanceId,
    String name,
    String versionName,
    WorkflowStatus status,
    Instant createdAt,
    Instant updatedAt,
    byte[] input,
    byte[] output,
    byte[] customStatus,
    FailureDetails failure,
    String stalledReason,
    String parentInstanceId,
    long generation,
    long version) {

  /**
   * Checks the required fields.
   *
   * @param instanceId not {@code null}
   * @param name not {@code null}
   * @param versionName may be {@code null}
   * @param status not {@code null}
   * @param createdAt not {@code null}
   * @param updatedAt not {@code null}
   * @param input may be {@code null}
   * @param output may be {@code null}
   * @param customStatus may be {@code null}
   * @param failure may be {@code null}
   * @param stalledReason may be {@code null}
   * @param parentInstanceId may be {@code null}
   * @param generation positive
   * @param version positive
   */
  public InstanceRecord {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
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
    return "InstanceRecord["
        + instanceId
        + " "
        + name
        + " "
        + status
        + " gen="
        + generation
        + " v="
        + version
        + "]";
  }
}
