package dev.plumb.workflow;

import dev.plumb.api.workflow.FailureDetails;
import dev.plumb.api.workflow.WorkflowState;
import dev.plumb.api.workflow.WorkflowStatus;
import dev.plumb.api.workflow.spi.InstanceRecord;
import java.time.Instant;
import java.util.Optional;

/** {@link WorkflowState} over a stored row; payloads decoded on demand, never printed. */
final class StateView implements WorkflowState {
  private final InstanceRecord r;
  private final Codec codec;

  StateView(InstanceRecord r, Codec codec) {
    this.r = r;
    this.codec = codec;
  }

  @Override
  public String instanceId() {
    return r.instanceId();
  }

  @Override
  public String name() {
    return r.name();
  }

  @Override
  public WorkflowStatus status() {
    return r.status();
  }

  @Override
  public Instant createdAt() {
    return r.createdAt();
  }

  @Override
  public Instant lastUpdatedAt() {
    return r.updatedAt();
  }

  @Override
  public Optional<FailureDetails> failure() {
    return Optional.ofNullable(r.failure());
  }

  @Override
  public Optional<String> stalledReason() {
    return Optional.ofNullable(r.stalledReason());
  }

  @Override
  public Optional<String> parentInstanceId() {
    return Optional.ofNullable(r.parentInstanceId());
  }

  @Override
  public <T> T readInputAs(Class<T> type) {
    return type.cast(codec.decode(r.input(), type, "input of instance '" + r.instanceId() + "'"));
  }

  @Override
  public <T> T readOutputAs(Class<T> type) {
    return type.cast(codec.decode(r.output(), type, "output of instance '" + r.instanceId() + "'"));
  }

  @Override
  public <T> T readCustomStatusAs(Class<T> type) {
    return type.cast(
        codec.decode(r.customStatus(), type, "custom status of instance '" + r.instanceId() + "'"));
  }

  @Override
  public String toString() {
    return "WorkflowState[" + r.instanceId() + " " + r.name() + " " + r.status() + "]";
  }
}
