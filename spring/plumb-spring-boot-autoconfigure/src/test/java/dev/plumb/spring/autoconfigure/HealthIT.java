package dev.plumb.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The {@code plumb} health contributor goes DOWN for a Redis state store whose server stops and UP
 * again when it returns. The server is a private redis-server on a free port, started by this test
 * (the shared one is never touched); a missing redis-server binary fails the test.
 */
class HealthIT {
  private static Path dir;
  private static int port;
  private static Process server;

  @BeforeAll
  static void startServer() throws IOException {
    dir = Files.createTempDirectory("plumb-spring-redis-");
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    start();
  }

  private static void start() throws IOException {
    server =
        new ProcessBuilder(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
    await().atMost(Duration.ofSeconds(10)).until(HealthIT::accepting);
  }

  private static void stop() throws InterruptedException {
    server.destroy();
    if (!server.waitFor(10, TimeUnit.SECONDS)) {
      server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static boolean accepting() {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return s.isConnected();
    } catch (IOException e) {
      return false;
    }
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      stop();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void redisComponentIsDownWhileItsServerIsStoppedAndUpWhenItReturns() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(PlumbAutoConfiguration.class, PlumbHealthAutoConfiguration.class))
        .withPropertyValues(
            "plumb.app-id=health",
            "plumb.resources.paths=classpath:redis-health",
            "plumb.components.cache.metadata.redisHost=127.0.0.1:" + port,
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

              stop();
              await()
                  .atMost(Duration.ofSeconds(20))
                  .until(() -> cache.health().getStatus().equals(Status.DOWN));
              assertThat(cache.health().getDetails()).containsEntry("type", "state.redis");
              assertThat(memory.health().getStatus()).isEqualTo(Status.UP);

              start();
              await()
                  .atMost(Duration.ofSeconds(30))
                  .until(() -> cache.health().getStatus().equals(Status.UP));
            });
  }
}
