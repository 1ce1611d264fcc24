package dev.plumb.runtime.internal.lock;

import dev.plumb.api.ComponentException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.lock.LockStore;
import dev.plumb.api.lock.UnlockStatus;
import dev.plumb.api.lock.spi.LockComponent;
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
 * and calls the component through its invoker. Thread-safe.
 */
public final class DefaultLockStore implements LockStore {
  private final LoadedComponent<LockComponent> component;
  private final KeyPrefix keys;

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
    Request r = tryLockRequest(resourceId, lockOwner, expiry);
    return component
        .outbound()
        .call("tryLock", () -> component.component().tryLock(r.key, lockOwner, r.seconds));
  }

  @Override
  public UnlockStatus unlock(String resourceId, String lockOwner) {
    String key = unlockKey(resourceId, lockOwner);
    return checked(
        component.outbound().call("unlock", () -> component.component().unlock(key, lockOwner)));
  }

  @Override
  public CompletionStage<Boolean> tryLockAsync(
      String resourceId, String lockOwner, Duration expiry) {
    Request r;
    try {
      r = tryLockRequest(resourceId, lockOwner, expiry);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return component
        .outbound()
        .callAsync("tryLock", () -> component.component().tryLock(r.key, lockOwner, r.seconds));
  }

  @Override
  public CompletionStage<UnlockStatus> unlockAsync(String resourceId, String lockOwner) {
    String key;
    try {
      key = unlockKey(resourceId, lockOwner);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return component
        .outbound()
        .callAsync("unlock", () -> checked(component.component().unlock(key, lockOwner)));
  }

  private static final class Request {
    final String key;
    final int seconds;

    Request(String key, int seconds) {
      this.key = key;
      this.seconds = seconds;
    }
  }

  private Request tryLockRequest(String resourceId, String lockOwner, Duration expiry) {
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
    return new Request(keys.toStored(resourceId), (int) seconds);
  }

  private String unlockKey(String resourceId, String lockOwner) {
    requireId(resourceId, lockOwner);
    return keys.toStored(resourceId);
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
}
