package dev.plumb.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.state.Concurrency;
import dev.plumb.api.state.Consistency;
import dev.plumb.api.state.ETag;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.spi.DeleteRequest;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * Writes keys the way Dapr's {@code state.redis} keeps them (a hash with {@code data} and {@code
 * version}, keys {@code appid||key}) with the raw client and reads them through Plumb, and the
 * reverse.
 */
class DaprDataCompatibilityIT {
  private StateComponent store;
  private JedisPooled raw;
  private String app;

  @BeforeEach
  void setUp() throws Exception {
    store = RedisTestSupport.create(RedisTestSupport.metadata());
    raw = RedisTestSupport.rawClient();
    // Dapr's default key prefix is the app id: "<appId>||<key>".
    app = RedisTestSupport.prefix();
  }

  @AfterEach
  void tearDown() {
    for (String k : List.of("order-1", "order-2", "legacy", "fw", "ttl", "bin")) {
      raw.del(app + k);
    }
    store.close();
    raw.close();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsWhatDaprWrote() throws Exception {
    raw.hset(app + "order-1", Map.of("data", "{\"id\":1,\"total\":9.5}", "version", "7"));
    StateItem<byte[]> item = store.get(GetRequest.of(app + "order-1"));
    assertThat(new String(item.value(), StandardCharsets.UTF_8))
        .isEqualTo("{\"id\":1,\"total\":9.5}");
    assertThat(item.etag()).isEqualTo(new ETag("7"));

    // Dapr's etag is Plumb's etag: a conditional write with it succeeds and bumps the version
    store.set(
        new SetRequest(
            app + "order-1",
            b("{\"id\":1,\"total\":10}"),
            new ETag("7"),
            Concurrency.LAST_WRITE,
            Consistency.EVENTUAL,
            Map.of()));
    assertThat(raw.hget(app + "order-1", "version")).isEqualTo("8");
    assertThat(raw.hget(app + "order-1", "data")).isEqualTo("{\"id\":1,\"total\":10}");
  }

  @Test
  void readsDaprFirstWriteMarkersAndTtls() throws Exception {
    // Dapr adds a "first-write" field to keys written with first-write concurrency
    raw.hset(app + "fw", Map.of("data", "\"x\"", "version", "1", "first-write", "0"));
    assertThat(store.get(GetRequest.of(app + "fw")).value()).isEqualTo(b("\"x\""));
    // Dapr applies TTLs with EXPIRE on the hash
    raw.hset(app + "ttl", Map.of("data", "1", "version", "3"));
    raw.expire(app + "ttl", 600);
    assertThat(store.get(GetRequest.of(app + "ttl")).metadata())
        .containsKey(StateItem.TTL_EXPIRE_TIME);
  }

  @Test
  void readsAndReplacesLegacyPlainStrings() throws Exception {
    raw.set(app + "legacy", "\"old\"");
    StateItem<byte[]> item = store.get(GetRequest.of(app + "legacy"));
    assertThat(item.value()).isEqualTo(b("\"old\""));
    assertThat(item.etag()).isNull();
    store.set(SetRequest.of(app + "legacy", b("\"new\"")));
    assertThat(raw.type(app + "legacy")).isEqualTo("hash");
    assertThat(raw.hgetAll(app + "legacy"))
        .containsEntry("data", "\"new\"")
        .containsEntry("version", "1");
  }

  @Test
  void writesWhatDaprReads() throws Exception {
    store.set(SetRequest.of(app + "order-2", b("{\"id\":2}")));
    // exactly Dapr's layout: nothing more, nothing less
    assertThat(raw.hgetAll(app + "order-2"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("data", "{\"id\":2}", "version", "1"));
    assertThat(raw.ttl(app + "order-2")).isEqualTo(-1L);
    String etag = store.get(GetRequest.of(app + "order-2")).etag().value();

    // a Dapr client compares "version" with its etag, then writes data and increments version
    assertThat(raw.hget(app + "order-2", "version")).isEqualTo(etag);
    raw.hset(app + "order-2", "data", "{\"id\":2,\"by\":\"dapr\"}");
    raw.hincrBy(app + "order-2", "version", 1);

    StateItem<byte[]> after = store.get(GetRequest.of(app + "order-2"));
    assertThat(after.value()).isEqualTo(b("{\"id\":2,\"by\":\"dapr\"}"));
    assertThat(after.etag()).isEqualTo(new ETag("2"));
    store.delete(DeleteRequest.ifMatch(app + "order-2", after.etag()));
    assertThat(raw.exists(app + "order-2")).isFalse();
  }

  @Test
  void storesBinaryValuesVerbatim() throws Exception {
    byte[] proto = {0x08, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
    store.set(SetRequest.of(app + "bin", proto));
    assertThat(raw.hget(b(app + "bin"), b("data"))).isEqualTo(proto);
  }
}
