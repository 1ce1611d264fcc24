package dev.plumb.state.redis;

import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.testkit.TestComponentContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import redis.clients.jedis.JedisPooled;

/** Finds the test Redis server ({@code PLUMB_REDIS_URL}) and builds components against it. */
final class RedisTestSupport {
  static final URI URL =
      URI.create(System.getenv().getOrDefault("PLUMB_REDIS_URL", "redis://127.0.0.1:6379"));

  private RedisTestSupport() {}

  static String host() {
    return URL.getHost() + ":" + (URL.getPort() > 0 ? URL.getPort() : 6379);
  }

  static Map<String, String> metadata() {
    Map<String, String> md = new HashMap<>();
    md.put("redisHost", host());
    String userInfo = URL.getUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      md.put("redisPassword", colon >= 0 ? userInfo.substring(colon + 1) : userInfo);
      if (colon > 0) {
        md.put("redisUsername", userInfo.substring(0, colon));
      }
    }
    return md;
  }

  static JedisPooled rawClient() {
    Map<String, String> md = metadata();
    String[] hp = md.get("redisHost").split(":");
    return new JedisPooled(
        new redis.clients.jedis.HostAndPort(hp[0], Integer.parseInt(hp[1])),
        redis.clients.jedis.DefaultJedisClientConfig.builder()
            .user(md.get("redisUsername"))
            .password(md.get("redisPassword"))
            .build());
  }

  static ComponentContext context(Map<String, String> metadata) {
    return context(metadata, Clock.systemUTC());
  }

  static ComponentContext context(Map<String, String> metadata, Clock clock) {
    return new TestComponentContext("redis-it", "state.redis", metadata)
        .withAppId("it")
        .withClock(clock);
  }

  static StateComponent create(Map<String, String> metadata) throws Exception {
    return new RedisStateProvider().create(context(metadata));
  }

  static String prefix() {
    return "plumb-it-" + UUID.randomUUID().toString().replace("-", "") + "||";
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A private, throw-away redis-server process, so fault tests never touch the shared server. */
  static final class PrivateRedis implements AutoCloseable {
    final int port;
    private final Path dir;
    private Process process;

    PrivateRedis() throws IOException {
      this.port = freePort();
      this.dir = Files.createTempDirectory("plumb-redis-");
      start();
    }

    void start() throws IOException {
      process =
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
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(this::accepting);
    }

    void stop() {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }

    private boolean accepting() {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return s.isConnected();
      } catch (IOException e) {
        return false;
      }
    }

    @Override
    public void close() throws IOException {
      stop();
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
