package dev.plumb.api.workflow.spi;

import java.util.Objects;

/**
 * A work item's key.
 *
 * @param instanceId the instance
 * @param key unique within the instance
 */
public record WorkKey(String instanceId, String key) {

  /**
   * Checks the fields.
   *
   * @param instanceId not {@code null}
   * @param key not {@code null}
   */
  public WorkKey {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(key, "key");
  }
}
