package dev.plumb.lock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.lock.LockStore;
import dev.plumb.api.lock.UnlockStatus;
import dev.plumb.runtime.Plumb;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** {@code lock.redis} through Plumb: Dapr's key layout, TTL, and an owner unlocking another's. */
class RedisLockIT {
  private final String resource = "res-" + UUID.randomUUID();

  @Test
  void keepsDaprsLayoutAndRefusesAnotherOwnersUnlock() {
    try (Plumb plumb =
            Plumb.builder()
                .appId("lockapp")
                .component("locks", "lock.redis", RedisLockTestSupport.metadata())
                .build();
        JedisPooled raw = RedisLockTestSupport.rawClient()) {
      LockStore locks = plumb.lockStore("locks");
      String key = "lock||lockapp||" + resource;
      assertThat(locks.tryLock(resource, "alice", Duration.ofSeconds(30))).isTrue();
      // Dapr's layout: the key holds the owner, with the expiry as its TTL.
      assertThat(raw.get(key)).isEqualTo("alice");
      assertThat(raw.pttl(key)).isBetween(25_000L, 30_000L);

      assertThat(locks.tryLock(resource, "bob", Duration.ofSeconds(30))).isFalse();
      assertThat(locks.unlock(resource, "bob")).isEqualTo(UnlockStatus.LOCK_BELONGS_TO_OTHERS);
      // Bob's unlock changed nothing: still Alice's.
      assertThat(raw.get(key)).isEqualTo("alice");
      assertThat(locks.tryLock(resource, "bob", Duration.ofSeconds(30))).isFalse();

      assertThat(locks.unlock(resource, "alice")).isEqualTo(UnlockStatus.SUCCESS);
      assertThat(raw.exists(key)).isFalse();
      assertThat(locks.unlock(resource, "alice")).isEqualTo(UnlockStatus.LOCK_DOES_NOT_EXIST);
      assertThat(locks.tryLock(resource, "bob", Duration.ofSeconds(1))).isTrue();
      assertThat(locks.async().unlock(resource, "bob").toCompletableFuture().join())
          .isEqualTo(UnlockStatus.SUCCESS);

      assertThatThrownBy(() -> locks.unlock(resource, ""))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage("LockOwner is empty in lock store locks");
      assertThatThrownBy(() -> locks.tryLock(resource, "alice", Duration.ZERO))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith("ExpiryInSeconds is not positive in lock store locks");
    }
  }
}
