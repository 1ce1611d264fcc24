package dev.plumb.api.lock.spi;

import dev.plumb.api.lock.UnlockStatus;

/**
 * The provider SPI of a distributed lock store: Dapr's component contract. Sees stored resource ids
 * ({@code lock||<appId>||<resourceId>} by default); validation and prefixes are the runtime's. The
 * lock conformance kit in {@code plumb-testkit} defines what a correct implementation does.
 * Thread-safe.
 */
public interface LockComponent extends AutoCloseable {

  /**
   * Takes a lock if free.
   *
   * @param request the stored resource id, the owner and the lifetime
   * @return {@code true} if taken
   * @throws Exception if the store fails
   */
  boolean tryLock(TryLockRequest request) throws Exception;

  /**
   * Releases a lock held by the request's owner. An expired lock counts as absent.
   *
   * @param request the stored resource id and the owner
   * @return {@link UnlockStatus#SUCCESS}, {@link UnlockStatus#LOCK_DOES_NOT_EXIST} or {@link
   *     UnlockStatus#LOCK_BELONGS_TO_OTHERS}
   * @throws Exception if the store fails
   */
  UnlockStatus unlock(UnlockRequest request) throws Exception;

  /**
   * Releases connections and background tasks. Called once, when Plumb closes; the default does
   * nothing. Failures are the component's to log: Plumb goes on closing the others.
   */
  @Override
  default void close() {}
}
