package dev.plumb.api.lock;

import java.time.Duration;

/**
 * A distributed lock component, as the application sees it. Locks are not reentrant: a second
 * {@code tryLock} on a held resource fails even for the same owner. Every lock expires.
 *
 * <p>Thread-safe. Every method blocks until the store answers; {@link #async()} offers the same
 * calls returning {@link java.util.concurrent.CompletionStage}s. Failures of the store are thrown
 * as {@link dev.plumb.api.ComponentException}; bad arguments as {@link
 * dev.plumb.api.InvalidRequestException}.
 */
public interface LockStore {

  /**
   * Returns the component's name.
   *
   * @return {@code metadata.name}
   */
  String name();

  /**
   * Takes the lock on a resource if it is free.
   *
   * @param resourceId the resource; not empty, no {@code ||}
   * @param lockOwner who takes it; not empty
   * @param expiry how long the lock lasts unless unlocked; at least one second (whole seconds)
   * @return {@code true} if taken, {@code false} if already held
   * @throws dev.plumb.api.InvalidRequestException if an argument is empty or the expiry not
   *     positive
   */
  boolean tryLock(String resourceId, String lockOwner, Duration expiry);

  /**
   * Releases a lock held by {@code lockOwner}.
   *
   * @param resourceId the resource
   * @param lockOwner who holds it
   * @return the outcome; {@link UnlockStatus#INTERNAL_ERROR} is thrown as a {@link
   *     dev.plumb.api.ComponentException} instead
   */
  UnlockStatus unlock(String resourceId, String lockOwner);

  /**
   * Returns the asynchronous view of this store.
   *
   * @return a view sharing this store's component
   */
  AsyncLockStore async();
}
