package dev.plumb.bindings.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.bindings.OutputBinding;
import dev.plumb.runtime.Plumb;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** The Redis binding through Plumb on a real Redis. */
class RedisBindingIT {
  private static Plumb plumb;
  private static OutputBinding cache;
  private static JedisPooled raw;

  @BeforeAll
  static void start() {
    RedisTestServer.check();
    plumb =
        Plumb.builder().component("cache", "bindings.redis", RedisTestServer.metadata()).build();
    cache = plumb.outputBinding("cache");
    String[] hp = RedisTestServer.host().split(":");
    raw = new JedisPooled(hp[0], Integer.parseInt(hp[1]));
  }

  @AfterAll
  static void stop() {
    plumb.close();
    raw.close();
  }

  private static String key() {
    return "plumb-it-" + UUID.randomUUID();
  }

  @Test
  void createSetsTheValueAndItsTtlAtOnce() {
    String key = key();
    cache.invoke("create", "v1", Map.of("key", key, "ttlInSeconds", "100"));
    assertThat(raw.get(key)).isEqualTo("v1");
    assertThat(raw.ttl(key)).isBetween(95L, 100L);
    cache.invoke("create", "v2", Map.of("key", key));
    assertThat(raw.ttl(key)).as("a create without TTL clears it, as SET does").isEqualTo(-1);
    cache.invoke("create", "v3", Map.of("key", key, "ttl", "1m"));
    assertThat(raw.ttl(key)).isBetween(55L, 60L);
  }

  @Test
  void getAnswersTheValueOrNothingAndDeletesOnRequest() {
    String key = key();
    assertThat(cache.invoke("get", null, Map.of("key", key)).data()).isNull();
    raw.set(key, "stored");
    assertThat(cache.invoke("get", null, Map.of("key", key), String.class)).isEqualTo("stored");
    assertThat(cache.invoke("get", null, Map.of("key", key, "delete", "true"), String.class))
        .isEqualTo("stored");
    assertThat(raw.exists(key)).isFalse();
  }

  @Test
  void deleteAndIncrement() {
    String key = key();
    assertThat(cache.invoke("increment", null, Map.of("key", key), String.class)).isEqualTo("1");
    assertThat(
            cache.invoke("increment", null, Map.of("key", key, "ttlInSeconds", "50"), Long.class))
        .isEqualTo(2L);
    assertThat(raw.ttl(key)).isBetween(45L, 50L);
    cache.invoke("delete", null, Map.of("key", key));
    assertThat(raw.exists(key)).isFalse();
  }

  @Test
  void aMissingKeyOrABadTtlIsRefusedBeforeAnythingIsWritten() {
    assertThatThrownBy(() -> cache.invoke("create", "x"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "output binding 'cache' (bindings.redis): operation 'create': request metadata 'key'"
                + " is required");
    String key = key();
    assertThatThrownBy(
            () -> cache.invoke("create", "x", Map.of("key", key, "ttlInSeconds", "soon")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("output binding 'cache' (bindings.redis)")
        .hasMessageContaining("ttl");
    assertThat(raw.exists(key)).isFalse();
    assertThatThrownBy(() -> cache.invoke("exec", "x"))
        .hasMessageContaining("does not support operation 'exec'");
  }
}
