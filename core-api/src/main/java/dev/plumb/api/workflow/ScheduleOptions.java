package dev.plumb.api.workflow;

import java.time.Instant;
import java.util.Optional;

/**
 * How to schedule an instance (Dapr's {@code NewWorkflowOptions}). Immutable.
 *
 * @param instanceId the id; {@code null} for a generated one
 * @param startTime when to start; {@code null} for now ({@code dapr.workflow.start_time})
 * @param version the workflow version; {@code null} for the latest registered
 */
public record ScheduleOptions(String instanceId, Instant startTime, String version) {

  /**
   * Returns the defaults: generated id, start now, latest version.
   *
   * @return the options
   */
  public static ScheduleOptions defaults() {
    return new ScheduleOptions(null, null, null);
  }

  /**
   * Returns options with an instance id.
   *
   * @param instanceId the id
   * @return the options
   */
  public static ScheduleOptions id(String instanceId) {
    return new ScheduleOptions(instanceId, null, null);
  }

  /**
   * Returns a copy with a start time.
   *
   * @param at when to start
   * @return the options
   */
  public ScheduleOptions startingAt(Instant at) {
    return new ScheduleOptions(instanceId, at, version);
  }

  /**
   * Returns a copy with a version.
   *
   * @param versionName the version's name
   * @return the options
   */
  public ScheduleOptions withVersion(String versionName) {
    return new ScheduleOptions(instanceId, startTime, versionName);
  }

  /**
   * Returns the instance id.
   *
   * @return the id, or empty for a generated one
   */
  public Optional<String> id() {
    return Optional.ofNullable(instanceId);
  }
}
