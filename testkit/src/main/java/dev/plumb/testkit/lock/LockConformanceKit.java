package dev.plumb.testkit.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.plumb.api.lock.UnlockStatus;
import dev.plumb.api.lock.spi.LockComponent;
import dev.plumb.api.lock.spi.TryLockRequest;
import dev.plumb.api.lock.spi.UnlockRequest;
import dev.plumb.testkit.TestComponentContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dapr's distributed lock conformance suite ({@code tests/conformance/lock}): try-lock, unlock
 * statuses and expiry. Extend it and return a started component from {@link #createComponent()}.
 * Resource ids are made unique per test ({@link #resourceId(String)}) so the kit can run against a
 * shared server repeatedly.
 *
 * <p>Expiry waits through {@link #advanceTime(Duration)}: by default it waits wall-clock time; a
 * component on an injected clock overrides it to move the clock instead.
 */
public abstract class LockConformanceKit {
  /** Dapr's time limit for a component's init. */
  protected static final Duration INIT_TIMEOUT = Duration.ofSeconds(15);

  /** Dapr's time limit for each operation. */
  protected static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(10);

  private static final String OWNER = "conftest";

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private LockComponent component;

  /** For subclasses. */
  protected LockConformanceKit() {}

  /**
   * Creates and starts the component under test.
   *
   * @return a started component
   * @throws Exception if it cannot start
   */
  protected abstract LockComponent createComponent() throws Exception;

  /**
   * Lets time pass for lock expiry. The default waits wall-clock time.
   *
   * @param duration how much time must pass
   */
  protected void advanceTime(Duration duration) {
    await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> true);
  }

  /**
   * Returns the stored resource id used for one of Dapr's keys.
   *
   * @param key Dapr's key, such as {@code K-1}
   * @return an id unique to this test instance
   */
  protected String resourceId(String key) {
    return "lock||conftest-" + run + "||" + key;
  }

  /**
   * Creates a component with the provider of a type found on the classpath, as Plumb would.
   *
   * @param type the component type, such as {@code lock.redis}
   * @param metadata plain metadata values
   * @param clock the clock the component is given
   * @return the started component
   * @throws Exception if the provider fails
   */
  protected static LockComponent createFromProvider(
      String type, Map<String, String> metadata, Clock clock) throws Exception {
    return new TestComponentContext("conftest-" + type, type, metadata)
        .withClock(clock)
        .createComponent(LockComponent.class);
  }

  @BeforeEach
  final void initComponent() {
    component = assertTimeoutPreemptively(INIT_TIMEOUT, this::createComponent, "init within 15s");
  }

  @AfterEach
  final void closeComponent() {
    if (component != null) {
      component.close();
    }
  }

  /**
   * Returns the component under test.
   *
   * @return the started component of the current test
   */
  protected final LockComponent component() {
    return component;
  }

  private boolean tryLock(String key, String owner, int seconds) {
    return assertTimeoutPreemptively(
        OPERATION_TIMEOUT,
        () -> component.tryLock(new TryLockRequest(resourceId(key), owner, seconds)));
  }

  private UnlockStatus unlock(String key, String owner) {
    return assertTimeoutPreemptively(
        OPERATION_TIMEOUT, () -> component.unlock(new UnlockRequest(resourceId(key), owner)));
  }

  @Test
  void tryLock() {
    assertThat(tryLock("K-1", OWNER, 15)).as("K-1 first lock").isTrue();
    assertThat(tryLock("K-2", OWNER, 3)).as("K-2 first lock").isTrue();
    assertThat(tryLock("K-1", OWNER, 15)).as("K-1 again, same owner: not reentrant").isFalse();
  }

  @Test
  void unlock() {
    assertThat(tryLock("K-1", OWNER, 15)).isTrue();
    assertThat(unlock("nonexistent", OWNER)).isEqualTo(UnlockStatus.LOCK_DOES_NOT_EXIST);
    assertThat(unlock("K-1", "nonowner")).isEqualTo(UnlockStatus.LOCK_BELONGS_TO_OTHERS);
    assertThat(unlock("K-1", OWNER)).isEqualTo(UnlockStatus.SUCCESS);
    assertThat(unlock("K-1", OWNER)).isEqualTo(UnlockStatus.LOCK_DOES_NOT_EXIST);
  }

  @Test
  void lockExpires() {
    assertThat(tryLock("K-2", OWNER, 3)).isTrue();
    assertThat(tryLock("K-2", OWNER, 3)).isFalse();
    advanceTime(Duration.ofSeconds(3));
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> tryLock("K-2", OWNER, 3));
  }
}
