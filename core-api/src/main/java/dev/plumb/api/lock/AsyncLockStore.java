package dev.plumb.api.lock;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The asynchronous view of a {@link LockStore}: the same calls, returning stages that complete when
 * the store answers, or exceptionally with the exception the blocking call would throw (invalid
 * arguments included). Stages complete on a runtime thread; do not block in their callbacks.
 * Thread-safe.
 */
public interface AsyncLockStore {

  /**
   * Takes the lock on a resource if it is free; see {@link LockStore#tryLock}.
   *
   * @param resourceId the resource; not empty, no {@code ||}
   * @param lockOwner who takes it; not empty
   * @param expiry how long the lock lasts unless unlocked; at least one second
   * @return {@code true} if taken, {@code false} if already held
   */
  CompletionStage<Boolean> tryLock(String resourceId, String lockOwner, Duration expiry);

  /**
   * Releases a lock held by {@code lockOwner}; see {@link LockStore#unlock}.
   *
   * @param resourceId the resource
   * @param lockOwner who holds it
   * @return the outcome
   */
  CompletionStage<UnlockStatus> unlock(String resourceId, String lockOwner);
}
