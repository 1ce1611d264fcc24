package dev.plumb.lock.redis;

import dev.plumb.api.lock.spi.LockComponent;
import dev.plumb.testkit.lock.LockConformanceKit;
import java.time.Clock;

/** {@code lock.redis} passes the lock kit on the test Redis ({@code PLUMB_REDIS_URL}). */
class RedisLockConformanceIT extends LockConformanceKit {

  @Override
  protected LockComponent createComponent() throws Exception {
    return createFromProvider("lock.redis", RedisLockTestSupport.metadata(), Clock.systemUTC());
  }
}
