package dev.plumb.runtime.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.lock.UnlockStatus;
import dev.plumb.runtime.internal.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryLockTest {

  private final ManualClock clock = new ManualClock();
  private final InMemoryLock lock = new InMemoryLock(clock);

  @Test
  void isNotReentrantAndChecksTheOwner() {
    assertThat(lock.tryLock("r", "a", 10)).isTrue();
    assertThat(lock.tryLock("r", "a", 10)).isFalse();
    assertThat(lock.tryLock("r", "b", 10)).isFalse();
    assertThat(lock.unlock("r", "b")).isEqualTo(UnlockStatus.LOCK_BELONGS_TO_OTHERS);
    assertThat(lock.unlock("x", "a")).isEqualTo(UnlockStatus.LOCK_DOES_NOT_EXIST);
    assertThat(lock.unlock("r", "a")).isEqualTo(UnlockStatus.SUCCESS);
    assertThat(lock.tryLock("r", "b", 10)).isTrue();
  }

  @Test
  void expiresOnTheClock() {
    assertThat(lock.tryLock("r", "a", 3)).isTrue();
    clock.advance(Duration.ofMillis(2999));
    assertThat(lock.tryLock("r", "b", 3)).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(lock.unlock("r", "a")).isEqualTo(UnlockStatus.LOCK_DOES_NOT_EXIST);
    assertThat(lock.tryLock("r", "b", 3)).isTrue();
  }

  @Test
  void sweepsExpiredLocksWithoutLosingLiveOnes() {
    for (int i = 0; i < 200; i++) {
      assertThat(lock.tryLock("old-" + i, "a", 1)).isTrue();
    }
    assertThat(lock.tryLock("live", "a", 100)).isTrue();
    clock.advance(Duration.ofSeconds(2));
    for (int i = 0; i < 200; i++) {
      assertThat(lock.tryLock("new-" + i, "a", 1)).isTrue();
    }
    assertThat(lock.tryLock("live", "b", 1)).isFalse();
    assertThat(lock.unlock("live", "a")).isEqualTo(UnlockStatus.SUCCESS);
  }
}
