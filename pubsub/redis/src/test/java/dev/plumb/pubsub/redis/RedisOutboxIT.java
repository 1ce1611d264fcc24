package dev.plumb.pubsub.redis;

import dev.plumb.testkit.pubsub.OutboxScenario;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transactional outbox with Redis Streams as the broker, on in-memory, Redis and PostgreSQL
 * state ({@code PLUMB_POSTGRES_URL}, default the local server's database {@code test}).
 */
class RedisOutboxIT {
  private static PrivateRedis redis;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = new PrivateRedis();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  private static Map<String, String> pubsub() {
    Map<String, String> md = new LinkedHashMap<>(redis.metadata());
    md.put("processingTimeout", "5s");
    md.put("redeliverInterval", "1s");
    return md;
  }

  @Test
  void onInMemoryState() throws Exception {
    OutboxScenario.run("state.in-memory", Map.of(), "pubsub.redis", pubsub());
  }

  @Test
  void onRedisState() throws Exception {
    OutboxScenario.run("state.redis", redis.metadata(), "pubsub.redis", pubsub());
  }

  @Test
  void onPostgresqlState() throws Exception {
    String url =
        System.getenv()
            .getOrDefault("PLUMB_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test");
    OutboxScenario.run(
        "state.postgresql",
        Map.of("connectionString", url, "tableName", "plumb_outbox_it"),
        "pubsub.redis",
        pubsub());
  }
}
