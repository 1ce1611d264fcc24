package dev.plumb.runtime.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.lock.UnlockStatus;
import dev.plumb.api.lock.spi.TryLockRequest;
import dev.plumb.api.lock.spi.UnlockRequest;
import dev.plumb.runtime.internal.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryLockComponentTest {

  private final ManualClock clock = new ManualClock();
  private final InMemoryLockComponent lock = new InMemoryLockComponent(clock);

  private boolean tryLock(String resourceId, String owner, int seconds) {
    return lock.tryLock(new TryLockRequest(resourceId, owner, seconds));
  }

  private UnlockStatus unlock(String resourceId, String owner) {
    return lock.unlock(new UnlockRequest(resourceId, owner));
  }

  @Test
  void isNotReentrantAndChecksTheOwner() {
    assertThat(tryLock("r", "a", 10)).isTrue();
    assertThat(tryLock("r", "a", 10)).isFalse();
    assertThat(tryLock("r", "b", 10)).isFalse();
    assertThat(unlock("r", "b")).isEqualTo(UnlockStatus.LOCK_BELONGS_TO_OTHERS);
    assertThat(unlock("x", "a")).isEqualTo(UnlockStatus.LOCK_DOES_NOT_EXIST);
    assertThat(unlock("r", "a")).isEqualTo(UnlockStatus.SUCCESS);
    assertThat(tryLock("r", "b", 10)).isTrue();
  }

  @Test
  void expiresOnTheClock() {
    assertThat(tryLock("r", "a", 3)).isTrue();
    clock.advance(Duration.ofMillis(2999));
    assertThat(tryLock("r", "b", 3)).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(unlock("r", "a")).isEqualTo(UnlockStatus.LOCK_DOES_NOT_EXIST);
    assertThat(tryLock("r", "b", 3)).isTrue();
  }

  @Test
  void sweepsExpiredLocksWithoutLosingLiveOnes() {
    for (int i = 0; i < 200; i++) {
      assertThat(tryLock("old-" + i, "a", 1)).isTrue();
    }
    assertThat(tryLock("live", "a", 100)).isTrue();
    clock.advance(Duration.ofSeconds(2));
    for (int i = 0; i < 200; i++) {
      assertThat(tryLock("new-" + i, "a", 1)).isTrue();
    }
    assertThat(tryLock("live", "b", 1)).isFalse();
    assertThat(unlock("live", "a")).isEqualTo(UnlockStatus.SUCCESS);
  }
}
