package dev.plumb.runtime.internal.memory;

import dev.plumb.api.lock.UnlockStatus;
import dev.plumb.api.lock.spi.LockComponent;
import dev.plumb.api.lock.spi.TryLockRequest;
import dev.plumb.api.lock.spi.UnlockRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code lock.in-memory}: locks held in this JVM. Not reentrant; each lock expires at its deadline
 * on the runtime's clock, so tests can skip time. Thread-safe (one monitor).
 */
final class InMemoryLockComponent implements LockComponent {
  private final Clock clock;
  private final Map<String, Held> locks = new HashMap<>();
  private int sweepAt = 64;

  private record Held(String owner, Instant expiresAt) {}

  /**
   * Creates an empty lock table.
   *
   * @param clock decides expiry
   */
  InMemoryLockComponent(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized boolean tryLock(TryLockRequest request) {
    Instant now = clock.instant();
    sweep(now);
    Held held = locks.get(request.resourceId());
    if (held != null && now.isBefore(held.expiresAt())) {
      return false;
    }
    locks.put(
        request.resourceId(),
        new Held(request.lockOwner(), now.plusSeconds(request.expiryInSeconds())));
    return true;
  }

  @Override
  public synchronized UnlockStatus unlock(UnlockRequest request) {
    Instant now = clock.instant();
    Held held = locks.get(request.resourceId());
    if (held == null || !now.isBefore(held.expiresAt())) {
      locks.remove(request.resourceId());
      return UnlockStatus.LOCK_DOES_NOT_EXIST;
    }
    if (!held.owner().equals(request.lockOwner())) {
      return UnlockStatus.LOCK_BELONGS_TO_OTHERS;
    }
    locks.remove(request.resourceId());
    return UnlockStatus.SUCCESS;
  }

  /** Drops expired locks once the table has doubled since the last sweep: amortised O(1). */
  private void sweep(Instant now) {
    if (locks.size() < sweepAt) {
      return;
    }
    for (Iterator<Held> it = locks.values().iterator(); it.hasNext(); ) {
      if (!now.isBefore(it.next().expiresAt())) {
        it.remove();
      }
    }
    sweepAt = Math.max(64, locks.size() * 2);
  }

  @Override
  public synchronized void close() {
    locks.clear();
  }
}
