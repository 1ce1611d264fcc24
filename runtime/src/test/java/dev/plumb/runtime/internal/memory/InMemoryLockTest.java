package dev.plumb.runtime.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.lock.UnlockStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InMemoryLockTest {
  /** A clock the test moves by hand. */
  private static final class HandClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final HandClock clock = new HandClock();
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
