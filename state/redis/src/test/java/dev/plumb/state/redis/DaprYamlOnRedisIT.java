package dev.plumb.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.state.ETagMismatchException;
import dev.plumb.api.state.SaveOptions;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.StateStore;
import dev.plumb.runtime.Plumb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.JedisPooled;

/**
 * A Dapr user's resources folder, unchanged: a {@code state.redis} component whose host comes from
 * a {@code secretKeyRef} through {@code auth.secretStore}, a {@code secretstores.local.file} store
 * and {@code scopes}. Application code written against the in-memory store runs on Redis, and the
 * data lands where Dapr keeps it.
 */
class DaprYamlOnRedisIT {
  @TempDir Path dir;

  /**
   * An order, stored as JSON.
   *
   * @param status its status
   */
  record Order(String status) {}

  @Test
  void theSameCodeRunsOnRedisFromDaprYaml() throws Exception {
    String appId = "orders-" + UUID.randomUUID().toString().substring(0, 8);
    Files.writeString(
        dir.resolve("secrets.json"),
        "{\"redis\": {\"host\": \"" + RedisTestSupport.host() + "\"}}");
    Files.writeString(
        dir.resolve("secretstore.yaml"),
        String.join(
            "\n",
            "apiVersion: dapr.io/v1alpha1",
            "kind: Component",
            "metadata:",
            "  name: localsecretstore",
            "spec:",
            "  type: secretstores.local.file",
            "  version: v1",
            "  metadata:",
            "  - name: secretsFile",
            "    value: " + dir.resolve("secrets.json"),
            "  - name: nestedSeparator",
            "    value: \":\"",
            ""));
    Files.writeString(
        dir.resolve("statestore.yaml"),
        String.join(
            "\n",
            "apiVersion: dapr.io/v1alpha1",
            "kind: Component",
            "metadata:",
            "  name: statestore",
            "spec:",
            "  type: state.redis",
            "  version: v1",
            "  metadata:",
            "  - name: redisHost",
            "    secretKeyRef:",
            "      name: redis:host",
            "      key: redis:host",
            "  - name: redisPassword",
            "    value: \"\"",
            "  - name: actorStateStore",
            "    value: \"true\"",
            "auth:",
            "  secretStore: localsecretstore",
            "scopes:",
            "- " + appId,
            ""));

    try (Plumb plumb = Plumb.builder().appId(appId).resources(dir).build();
        JedisPooled raw = RedisTestSupport.rawClient()) {
      StateStore orders = plumb.stateStore("statestore");
      orders.save("order-1", new Order("PLACED"));
      StateItem<Order> placed = orders.get("order-1", Order.class);
      orders.save("order-1", new Order("PAID"), SaveOptions.ifMatch(placed.etag()));
      assertThatThrownBy(
              () ->
                  orders.save(
                      "order-1", new Order("CANCELLED"), SaveOptions.ifMatch(placed.etag())))
          .isInstanceOf(ETagMismatchException.class);

      // Where Dapr keeps it: a hash named appid||key with the JSON in 'data'.
      String stored = raw.hget(appId + "||order-1", "data");
      assertThat(stored).isEqualTo("{\"status\":\"PAID\"}");
      assertThat(raw.hget(appId + "||order-1", "version")).isEqualTo("2");
      raw.del((appId + "||order-1").getBytes(StandardCharsets.UTF_8));
    }

    // Another app id is out of the component's scopes: the store is not loaded for it.
    try (Plumb other = Plumb.builder().appId("someone-else").resources(dir).build()) {
      assertThatThrownBy(() -> other.stateStore("statestore"))
          .hasMessageContaining("state store 'statestore' is not found");
    }
    assertThat(List.of(dir.toFile().list())).contains("statestore.yaml");
  }
}
