package dev.plumb.lock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.lock.UnlockStatus;
import dev.plumb.api.lock.spi.LockComponent;
import dev.plumb.testkit.TestComponentContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dapr's answers and checks, without a server. */
class RedisLockTest {

  @Test
  void mapsTheScriptsAnswersAsDapr() {
    assertThat(RedisLockComponent.status(1L)).isEqualTo(UnlockStatus.SUCCESS);
    assertThat(RedisLockComponent.status(0L)).isEqualTo(UnlockStatus.SUCCESS);
    assertThat(RedisLockComponent.status(-1L)).isEqualTo(UnlockStatus.LOCK_DOES_NOT_EXIST);
    assertThat(RedisLockComponent.status(-2L)).isEqualTo(UnlockStatus.LOCK_BELONGS_TO_OTHERS);
    assertThat(RedisLockComponent.status(-3L)).isEqualTo(UnlockStatus.INTERNAL_ERROR);
    assertThat(RedisLockComponent.status("OK")).isEqualTo(UnlockStatus.INTERNAL_ERROR);
    assertThat(RedisLockComponent.status(null)).isEqualTo(UnlockStatus.INTERNAL_ERROR);
  }

  @Test
  void readsConnectedReplicas() {
    assertThat(
            RedisLockComponent.parseConnectedReplicas(
                "# Replication\r\nrole:master\r\nconnected_slaves:2\r\nmaster_repl_offset:0\r\n"))
        .isEqualTo(2);
    assertThat(RedisLockComponent.parseConnectedReplicas("role:master\r\n")).isZero();
  }

  @Test
  void refusesACluster() {
    assertThatThrownBy(
            () ->
                new TestComponentContext(
                        "locks", "lock.redis", Map.of("redisHost", "h:1", "redisType", "cluster"))
                    .createComponent(LockComponent.class))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'redisType': cluster is not supported");
  }
}
