package dev.plumb.configuration.redis;

import static org.awaitility.Awaitility.await;

import dev.plumb.api.Subscription;
import dev.plumb.api.configuration.ConfigurationItem;
import dev.plumb.api.configuration.spi.ConfigurationComponent;
import dev.plumb.api.configuration.spi.ConfigurationRequest;
import dev.plumb.testkit.TestComponentContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * Restarts a private {@code redis-server} under a subscription: the restarted server has lost the
 * notification flags (nothing is persisted); the subscription reconnects, sets them again and
 * reports the changes made after the restart.
 */
class RedisRestartIT {

  @Test
  void aSubscriptionReconnectsAfterARestart() throws Exception {
    PrivateRedis redis = PrivateRedis.own();
    List<Map<String, ConfigurationItem>> changes = new CopyOnWriteArrayList<>();
    try (ConfigurationComponent c =
            new TestComponentContext(
                    "cfg", "configuration.redis", Map.of("redisHost", redis.host()))
                .createComponent(ConfigurationComponent.class);
        JedisPooled raw = new JedisPooled("127.0.0.1", redis.port)) {
      Subscription s = c.subscribe(ConfigurationRequest.of("k"), changes::add);
      raw.set("k", "before||1");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> changes.contains(Map.of("k", ConfigurationItem.of("before", "1"))));

      redis.restart();

      int[] n = {0};
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(
              () -> {
                n[0]++;
                raw.set("k", "after-" + n[0] + "||2");
                return changes.stream().anyMatch(m -> m.get("k").value().startsWith("after-"));
              });
      s.close();
    } finally {
      redis.close();
    }
  }
}
