package dev.plumb.pubsub.kafka;

import dev.plumb.common.kafka.KafkaTestBroker;
import dev.plumb.testkit.pubsub.OutboxScenario;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The transactional outbox with Kafka as the broker, on in-memory, Redis ({@code PLUMB_REDIS_URL})
 * and PostgreSQL ({@code PLUMB_POSTGRES_URL}) state.
 */
class KafkaOutboxIT {

  private static Map<String, String> pubsub() throws Exception {
    return KafkaTestBroker.shared().metadata();
  }

  @Test
  void onInMemoryState() throws Exception {
    OutboxScenario.run("state.in-memory", Map.of(), "pubsub.kafka", pubsub());
  }

  @Test
  void onRedisState() throws Exception {
    URI url = URI.create(System.getenv().getOrDefault("PLUMB_REDIS_URL", "redis://127.0.0.1:6379"));
    OutboxScenario.run(
        "state.redis",
        Map.of("redisHost", url.getHost() + ":" + (url.getPort() > 0 ? url.getPort() : 6379)),
        "pubsub.kafka",
        pubsub());
  }

  @Test
  void onPostgresqlState() throws Exception {
    String url =
        System.getenv()
            .getOrDefault("PLUMB_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test");
    OutboxScenario.run(
        "state.postgresql",
        Map.of("connectionString", url, "tableName", "plumb_outbox_it"),
        "pubsub.kafka",
        pubsub());
  }
}
