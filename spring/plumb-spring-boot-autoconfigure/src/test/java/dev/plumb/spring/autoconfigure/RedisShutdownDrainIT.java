package dev.plumb.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.pubsub.PubSub;
import dev.plumb.spring.Topic;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import redis.clients.jedis.Jedis;

/**
 * On Redis Streams, a delivery held open across {@code context.close()} completes and is
 * acknowledged to the broker: afterwards the consumer group has nothing pending.
 */
class RedisShutdownDrainIT {

  /** Holds its delivery until released. */
  public static final class SlowHandler {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean finished;

    @Topic(topic = "slow-orders")
    public void on(String payload) throws InterruptedException {
      entered.countDown();
      assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
      finished = true;
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration(PlumbAutoConfiguration.class)
  static class App {
    @Bean
    SlowHandler slowHandler() {
      return new SlowHandler();
    }
  }

  @Test
  void theDeliveryInFlightCompletesAndIsAcknowledgedBeforeTheContextCloses() throws Exception {
    try (PrivateRedisServer server = new PrivateRedisServer()) {
      ConfigurableApplicationContext context =
          new SpringApplicationBuilder(App.class)
              .web(WebApplicationType.NONE)
              .properties(
                  "plumb.app-id=drainer",
                  "plumb.resources.paths=classpath:redis-pubsub",
                  "plumb.components.redispubsub.metadata.redisHost=127.0.0.1:" + server.port,
                  "plumb.shutdown-grace-period=20s")
              .run();
      SlowHandler handler = context.getBean(SlowHandler.class);
      context.getBean(PubSub.class).publish("slow-orders", "hold me");
      assertThat(handler.entered.await(20, TimeUnit.SECONDS)).isTrue();
      try (Jedis jedis = new Jedis("127.0.0.1", server.port)) {
        assertThat(jedis.xpending("slow-orders", "drainer").getTotal()).isEqualTo(1);

        Thread closer = new Thread(context::close, "closer");
        closer.start();
        await()
            .during(Duration.ofMillis(300))
            .atMost(Duration.ofSeconds(5))
            .until(() -> closer.isAlive() && !handler.finished);
        handler.release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(25));

        assertThat(closer.isAlive()).isFalse();
        assertThat(handler.finished).isTrue();
        assertThat(jedis.xpending("slow-orders", "drainer").getTotal()).isZero();
      }
    }
  }
}
