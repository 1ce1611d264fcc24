package dev.plumb.api.lock.spi;

import dev.plumb.api.InvalidRequestException;

/**
 * A component-level try-lock: Dapr's {@code TryLockRequest}.
 *
 * @param resourceId the stored resource id ({@code lock||<appId>||<resourceId>} by default); not
 *     empty
 * @param lockOwner who takes the lock; not empty
 * @param expiryInSeconds how long the lock lasts unless unlocked; positive
 */
public record TryLockRequest(String resourceId, String lockOwner, int expiryInSeconds) {

  /**
   * Validates the components.
   *
   * @throws InvalidRequestException if an id is empty or the expiry is not positive
   */
  public TryLockRequest {
    UnlockRequest.requireIds(resourceId, lockOwner);
    if (expiryInSeconds <= 0) {
      throw new InvalidRequestException("expiryInSeconds must be positive, got " + expiryInSeconds);
    }
  }
}
