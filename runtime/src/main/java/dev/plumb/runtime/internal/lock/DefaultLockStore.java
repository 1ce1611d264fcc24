package dev.plumb.runtime.internal.lock;

import dev.plumb.api.ComponentException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.lock.AsyncLockStore;
import dev.plumb.api.lock.LockStore;
import dev.plumb.api.lock.UnlockStatus;
import dev.plumb.api.lock.spi.LockComponent;
import dev.plumb.api.lock.spi.TryLockRequest;
import dev.plumb.api.lock.spi.UnlockRequest;
import dev.plumb.runtime.internal.KeyPrefix;
import dev.plumb.runtime.internal.LoadedComponent;
import dev.plumb.runtime.internal.RuntimeContext;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@link LockStore} facade over one lock component: validates requests as Dapr does, prefixes
 * resource ids with the {@code keyPrefix} strategy ({@code lock||<appId>||<resourceId>} by default)
 * and calls the component through its invoker. Thread-safe; the {@link #async()} view shares
 * everything with this one.
 */
public final class DefaultLockStore implements LockStore {
  private final LoadedComponent<LockComponent> component;
  private final KeyPrefix keys;
  private final AsyncLockStore async = new AsyncView();

  /**
   * Creates the facade.
   *
   * @param runtime the runtime services (app id)
   * @param component the lock component
   * @throws dev.plumb.api.ConfigurationException if the {@code keyPrefix} metadata is invalid
   */
  public DefaultLockStore(RuntimeContext runtime, LoadedComponent<LockComponent> component) {
    this.component = Objects.requireNonNull(component, "component");
    this.keys = KeyPrefix.forLock(component, runtime.appId());
  }

  @Override
  public String name() {
    return component.name();
  }

  @Override
  public boolean tryLock(String resourceId, String lockOwner, Duration expiry) {
    TryLockRequest r = tryLockRequest(resourceId, lockOwner, expiry);
    return component.outbound().call("tryLock", () -> component.component().tryLock(r));
  }

  @Override
  public UnlockStatus unlock(String resourceId, String lockOwner) {
    UnlockRequest r = unlockRequest(resourceId, lockOwner);
    return checked(component.outbound().call("unlock", () -> component.component().unlock(r)));
  }

  @Override
  public AsyncLockStore async() {
    return async;
  }

  private TryLockRequest tryLockRequest(String resourceId, String lockOwner, Duration expiry) {
    requireId(resourceId, lockOwner);
    Objects.requireNonNull(expiry, "expiry");
    // Whole seconds, rounded up so a lock never lasts less than asked.
    long seconds = expiry.getSeconds() + (expiry.getNano() > 0 ? 1 : 0);
    if (expiry.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new InvalidRequestException(
          "ExpiryInSeconds is not positive in lock store " + name() + " (got " + expiry + ")");
    }
    if (seconds > Integer.MAX_VALUE) {
      throw new InvalidRequestException(
          "ExpiryInSeconds is too large in lock store " + name() + " (got " + expiry + ")");
    }
    return new TryLockRequest(keys.toStored(resourceId), lockOwner, (int) seconds);
  }

  private UnlockRequest unlockRequest(String resourceId, String lockOwner) {
    requireId(resourceId, lockOwner);
    return new UnlockRequest(keys.toStored(resourceId), lockOwner);
  }

  private void requireId(String resourceId, String lockOwner) {
    if (resourceId == null || resourceId.isEmpty()) {
      throw new InvalidRequestException("ResourceId is empty in lock store " + name());
    }
    if (lockOwner == null || lockOwner.isEmpty()) {
      throw new InvalidRequestException("LockOwner is empty in lock store " + name());
    }
  }

  private UnlockStatus checked(UnlockStatus status) {
    if (status == null || status == UnlockStatus.INTERNAL_ERROR) {
      throw new ComponentException(
          component.name(),
          component.type(),
          "unlock failed: the store reported an internal error",
          null);
    }
    return status;
  }

  @Override
  public String toString() {
    return "LockStore[" + name() + ", " + component.type() + "]";
  }

  /**
   * The asynchronous view: the same calls on the invoker's executor. Invalid requests fail the
   * stage without reaching the invoker, and a store's internal error is checked outside it (it is
   * an answer, not a failure to retry), as in the blocking calls.
   */
  private final class AsyncView implements AsyncLockStore {
    @Override
    public CompletionStage<Boolean> tryLock(String resourceId, String lockOwner, Duration expiry) {
      TryLockRequest r;
      try {
        r = tryLockRequest(resourceId, lockOwner, expiry);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      return component.outbound().callAsync("tryLock", () -> component.component().tryLock(r));
    }

    @Override
    public CompletionStage<UnlockStatus> unlock(String resourceId, String lockOwner) {
      UnlockRequest r;
      try {
        r = unlockRequest(resourceId, lockOwner);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      return component
          .outbound()
          .callAsync("unlock", () -> component.component().unlock(r))
          .thenApply(DefaultLockStore.this::checked);
    }

    @Override
    public String toString() {
      return "AsyncLockStore[" + name() + "]";
    }
  }
}
