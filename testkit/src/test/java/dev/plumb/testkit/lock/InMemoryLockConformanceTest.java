package dev.plumb.testkit.lock;

import dev.plumb.api.lock.spi.LockComponent;
import dev.plumb.testkit.TestClock;
import java.time.Duration;
import java.util.Map;

/** {@code lock.in-memory} passes the lock kit, with expiry on a {@link TestClock}. */
class InMemoryLockConformanceTest extends LockConformanceKit {
  private final TestClock clock = TestClock.start();

  @Override
  protected LockComponent createComponent() throws Exception {
    return createFromProvider("lock.in-memory", Map.of(), clock);
  }

  @Override
  protected void advanceTime(Duration duration) {
    clock.advance(duration);
  }
}
