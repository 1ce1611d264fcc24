package dev.plumb.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The {@code plumb} health contributor goes DOWN for a Redis state store whose server stops and UP
 * again when it returns, on a private redis-server started by this test.
 */
class HealthIT {

  @Test
  void redisComponentIsDownWhileItsServerIsStoppedAndUpWhenItReturns() throws Exception {
    try (PrivateRedisServer server = new PrivateRedisServer()) {
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  PlumbAutoConfiguration.class, PlumbHealthAutoConfiguration.class))
          .withPropertyValues(
              "plumb.app-id=health",
              "plumb.resources.paths=classpath:redis-health",
              "plumb.components.cache.metadata.redisHost=127.0.0.1:" + server.port,
              "plumb.components.cache.metadata.dialTimeout=300ms",
              "plumb.components.cache.metadata.readTimeout=1s")
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                CompositeHealthContributor plumb =
                    context.getBean("plumbHealthContributor", CompositeHealthContributor.class);
                HealthIndicator cache = (HealthIndicator) plumb.getContributor("cache");
                HealthIndicator memory = (HealthIndicator) plumb.getContributor("memory");
                assertThat(cache.health().getStatus()).isEqualTo(Status.UP);
                assertThat(memory.health().getStatus()).isEqualTo(Status.UP);

                server.stop();
                await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> cache.health().getStatus().equals(Status.DOWN));
                assertThat(cache.health().getDetails()).containsEntry("type", "state.redis");
                assertThat(memory.health().getStatus()).isEqualTo(Status.UP);

                server.start();
                await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> cache.health().getStatus().equals(Status.UP));
              });
    }
  }
}
