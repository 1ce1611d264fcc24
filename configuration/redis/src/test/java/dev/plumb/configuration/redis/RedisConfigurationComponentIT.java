package dev.plumb.configuration.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.ComponentException;
import dev.plumb.api.ConfigurationException;
import dev.plumb.api.Subscription;
import dev.plumb.api.configuration.ConfigurationItem;
import dev.plumb.api.configuration.ConfigurationStore;
import dev.plumb.api.configuration.ConfigurationUpdate;
import dev.plumb.api.configuration.spi.ConfigurationComponent;
import dev.plumb.api.configuration.spi.ConfigurationRequest;
import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.TestComponentContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;

/** {@code configuration.redis} through Plumb and against servers that limit {@code CONFIG}. */
class RedisConfigurationComponentIT {
  private final String prefix = "cfg-it-" + UUID.randomUUID() + "-";

  private static ConfigurationComponent create(PrivateRedis redis) throws Exception {
    return new TestComponentContext("cfg", "configuration.redis", Map.of("redisHost", redis.host()))
        .createComponent(ConfigurationComponent.class);
  }

  @Test
  void daprsLayoutThroughPlumbWithDeletesAndExpiriesAsEmptyItems() {
    PrivateRedis redis = PrivateRedis.shared();
    try (JedisPooled raw = new JedisPooled("127.0.0.1", redis.port);
        Plumb plumb =
            Plumb.builder()
                .component("appconfig", "configuration.redis", Map.of("redisHost", redis.host()))
                .build()) {
      raw.set(prefix + "greeting", "hello||1");
      raw.set(prefix + "empty", "||3");
      raw.hset(prefix + "hash", "f", "v");
      ConfigurationStore store = plumb.configurationStore("appconfig");
      assertThat(store.get(prefix + "greeting", prefix + "empty", prefix + "hash", prefix + "none"))
          .isEqualTo(Map.of(prefix + "greeting", ConfigurationItem.of("hello", "1")));

      List<ConfigurationUpdate> updates = new CopyOnWriteArrayList<>();
      Subscription sub =
          store.subscribe(List.of(prefix + "greeting", prefix + "ttl"), updates::add);
      raw.set(prefix + "greeting", "bonjour||2");
      await().atMost(Duration.ofSeconds(10)).until(() -> updates.size() == 1);
      assertThat(updates.get(0).items())
          .isEqualTo(Map.of(prefix + "greeting", ConfigurationItem.of("bonjour", "2")));
      raw.del(prefix + "greeting");
      await().atMost(Duration.ofSeconds(10)).until(() -> updates.size() == 2);
      assertThat(updates.get(1).items())
          .isEqualTo(Map.of(prefix + "greeting", ConfigurationItem.EMPTY));
      // set (reported), then expired (reported as a delete).
      raw.set(prefix + "ttl", "short||1", SetParams.setParams().px(200));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  updates.stream()
                      .anyMatch(
                          u -> ConfigurationItem.EMPTY.equals(u.items().get(prefix + "ttl"))));
      sub.close();
      int seen = updates.size();
      raw.set(prefix + "greeting", "after||3");
      assertThat(store.get(prefix + "greeting")).containsKey(prefix + "greeting");
      await().pollDelay(Duration.ofMillis(500)).until(() -> true);
      assertThat(updates).hasSize(seen);
    }
  }

  @Test
  void keepsTheServersOtherNotificationFlags() throws Exception {
    PrivateRedis redis = PrivateRedis.shared("--notify-keyspace-events", "El");
    try (ConfigurationComponent c = create(redis);
        Jedis raw = new Jedis("127.0.0.1", redis.port)) {
      Subscription s = c.subscribe(ConfigurationRequest.of(prefix + "k"), items -> {});
      String flags = raw.configGet("notify-keyspace-events").get("notify-keyspace-events");
      // Dapr would have overwritten "El" with "Kg$xe"; Plumb adds what is missing.
      assertThat(flags.chars().mapToObj(ch -> String.valueOf((char) ch)))
          .contains("K", "E", "l", "$", "x", "e");
      assertThat(flags)
          .satisfiesAnyOf(f -> assertThat(f).contains("g"), f -> assertThat(f).contains("A"));
      s.close();
    }
  }

  @Test
  void worksWhereConfigIsDisabledButNotificationsAreOn() throws Exception {
    PrivateRedis redis =
        PrivateRedis.shared("--rename-command", "CONFIG", "", "--notify-keyspace-events", "Kg$xe");
    List<Map<String, ConfigurationItem>> changes = new CopyOnWriteArrayList<>();
    try (ConfigurationComponent c = create(redis);
        JedisPooled raw = new JedisPooled("127.0.0.1", redis.port)) {
      Subscription s = c.subscribe(ConfigurationRequest.of(), changes::add);
      raw.set(prefix + "k", "v||1");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> changes.contains(Map.of(prefix + "k", ConfigurationItem.of("v", "1"))));
      s.close();
    }
  }

  @Test
  void saysClearlyWhenNotificationsAreOffAndConfigSetIsRefused() throws Exception {
    PrivateRedis redis =
        PrivateRedis.shared(
            "--user", "default", "on", "nopass", "~*", "&*", "+@all", "-config|set");
    try (ConfigurationComponent c = create(redis)) {
      assertThatThrownBy(() -> c.subscribe(ConfigurationRequest.of("k"), items -> {}))
          .isInstanceOf(ComponentException.class)
          .hasMessageContaining("keyspace notifications are off (notify-keyspace-events is '')")
          .hasMessageContaining("CONFIG SET is refused")
          .hasMessageContaining("set notify-keyspace-events to include 'Kg$xe' on the server");
    }
  }

  @Test
  void refusesACluster() {
    assertThatThrownBy(
            () ->
                new TestComponentContext(
                        "cfg",
                        "configuration.redis",
                        Map.of("redisHost", "127.0.0.1:1", "redisType", "cluster"))
                    .createComponent(ConfigurationComponent.class))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'redisType': cluster is not supported");
  }
}
