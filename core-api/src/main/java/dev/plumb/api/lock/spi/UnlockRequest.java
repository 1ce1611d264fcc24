package dev.plumb.api.lock.spi;

import dev.plumb.api.InvalidRequestException;
import java.util.Objects;

/**
 * A component-level unlock: Dapr's {@code UnlockRequest}.
 *
 * @param resourceId the stored resource id; not empty
 * @param lockOwner who holds the lock; not empty
 */
public record UnlockRequest(String resourceId, String lockOwner) {

  /**
   * Validates the components.
   *
   * @throws InvalidRequestException if an id is empty
   */
  public UnlockRequest {
    requireIds(resourceId, lockOwner);
  }

  static void requireIds(String resourceId, String lockOwner) {
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(lockOwner, "lockOwner");
    if (resourceId.isEmpty()) {
      throw new InvalidRequestException("resourceId must not be empty");
    }
    if (lockOwner.isEmpty()) {
      throw new InvalidRequestException("lockOwner must not be empty");
    }
  }
}
