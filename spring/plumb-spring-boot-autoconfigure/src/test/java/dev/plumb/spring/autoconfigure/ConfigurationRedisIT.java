package dev.plumb.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.configuration.ConfigurationStore;
import dev.plumb.api.configuration.ConfigurationUpdate;
import dev.plumb.spring.ConfigurationListener;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import redis.clients.jedis.Jedis;

/**
 * A value changed in Redis reaches a {@code @ConfigurationListener} and the configuration property
 * source. On a private redis-server: the component turns keyspace notifications on with {@code
 * CONFIG SET}, which must not happen on the shared server.
 */
class ConfigurationRedisIT {
  static final String KEY = "spring-it-" + UUID.randomUUID() + ".greeting";

  static final class Listener {
    final List<ConfigurationUpdate> updates = new CopyOnWriteArrayList<>();

    @ConfigurationListener(keys = "${it.key}")
    void onChange(ConfigurationUpdate update) {
      updates.add(update);
    }
  }

  @Test
  void aChangeInRedisReachesTheListenerAndThePropertySource() throws Exception {
    try (PrivateRedisServer server = new PrivateRedisServer();
        Jedis redis = new Jedis("127.0.0.1", server.port)) {
      redis.set(KEY, "hello||1");
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(PlumbAutoConfiguration.class))
          .withPropertyValues(
              "it.key=" + KEY,
              "plumb.resources.paths=classpath:redis-configuration/",
              "plumb.components.appconfig.metadata.redisHost=127.0.0.1:" + server.port,
              "plumb.configuration.property-source.store=appconfig",
              "plumb.configuration.property-source.keys=" + KEY)
          .withBean(Listener.class, Listener::new)
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(ConfigurationStore.class).get(KEY).get(KEY).value())
                    .isEqualTo("hello");
                assertThat(context.getEnvironment().getProperty(KEY)).isEqualTo("hello");
                Listener l = context.getBean(Listener.class);

                redis.set(KEY, "bonjour||2");
                await().atMost(Duration.ofSeconds(20)).until(() -> !l.updates.isEmpty());
                var item = l.updates.get(0).items().get(KEY);
                assertThat(item.value()).isEqualTo("bonjour");
                assertThat(item.version()).isEqualTo("2");
                await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> "bonjour".equals(context.getEnvironment().getProperty(KEY)));
              });
    }
  }
}
