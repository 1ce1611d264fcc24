package dev.plumb.state.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.state.BulkStateException;
import dev.plumb.api.state.Concurrency;
import dev.plumb.api.state.Consistency;
import dev.plumb.api.state.ETag;
import dev.plumb.api.state.ETagInvalidException;
import dev.plumb.api.state.ETagMismatchException;
import dev.plumb.api.state.StateFeature;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.spi.DeleteRequest;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

class RedisStateComponentIT {
  private StateComponent store;
  private JedisPooled raw;
  private String p;

  @BeforeEach
  void setUp() throws Exception {
    store = RedisTestSupport.create(RedisTestSupport.metadata());
    raw = RedisTestSupport.rawClient();
    p = RedisTestSupport.prefix();
  }

  @AfterEach
  void tearDown() {
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> r = raw.scan(cursor, new ScanParams().match(p + "*").count(1000));
      r.getResult().forEach(raw::del);
      cursor = r.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    store.close();
    raw.close();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static SetRequest set(String key, String value, ETag etag, Concurrency c) {
    return new SetRequest(key, b(value), etag, c, Consistency.EVENTUAL, Map.of());
  }

  private static SetRequest setTtl(String key, String value, String ttl) {
    return new SetRequest(
        key,
        b(value),
        null,
        Concurrency.LAST_WRITE,
        Consistency.EVENTUAL,
        Map.of("ttlInSeconds", ttl));
  }

  @Test
  void declaresEtagTtlAndTransactionsButNoQuery() {
    assertThat(store.features())
        .containsExactlyInAnyOrder(StateFeature.ETAG, StateFeature.TTL, StateFeature.TRANSACTIONAL);
  }

  @Test
  void roundTripsArbitraryBytesExactly() throws Exception {
    byte[] bytes = {0, 1, (byte) 0xff, (byte) 0xfe, '"', '\n', (byte) 0x80};
    store.set(SetRequest.of(p + "bin", bytes));
    StateItem<byte[]> item = store.get(GetRequest.of(p + "bin"));
    assertThat(item.value()).isEqualTo(bytes);
    assertThat(item.etag()).isNotNull();
    assertThat(item.metadata()).doesNotContainKey(StateItem.TTL_EXPIRE_TIME);
    assertThat(store.get(GetRequest.of(p + "missing"))).isNull();
  }

  @Test
  void everyWriteChangesTheEtagAndStaleEtagsFail() throws Exception {
    store.set(SetRequest.of(p + "k", b("1")));
    ETag e1 = store.get(GetRequest.of(p + "k")).etag();
    store.set(set(p + "k", "2", e1, Concurrency.LAST_WRITE));
    ETag e2 = store.get(GetRequest.of(p + "k")).etag();
    assertThat(e2).isNotEqualTo(e1);
    assertThatThrownBy(() -> store.set(set(p + "k", "3", e1, Concurrency.LAST_WRITE)))
        .isInstanceOf(ETagMismatchException.class);
    assertThatThrownBy(
            () -> store.set(set(p + "k", "3", new ETag("bad-etag"), Concurrency.LAST_WRITE)))
        .isInstanceOf(ETagInvalidException.class);
    assertThat(store.get(GetRequest.of(p + "k")).value()).isEqualTo(b("2"));
    assertThatThrownBy(() -> store.delete(DeleteRequest.ifMatch(p + "k", e1)))
        .isInstanceOf(ETagMismatchException.class);
    store.delete(DeleteRequest.ifMatch(p + "k", e2));
    assertThat(store.get(GetRequest.of(p + "k"))).isNull();
    // an etag on a missing key is a mismatch; an unconditional delete of a missing key succeeds
    assertThatThrownBy(() -> store.set(set(p + "k", "4", e2, Concurrency.LAST_WRITE)))
        .isInstanceOf(ETagMismatchException.class);
    store.delete(DeleteRequest.of(p + "never-written"));
  }

  @Test
  void firstWriteSucceedsOnlyOnce() throws Exception {
    store.set(set(p + "fw", "v1", null, Concurrency.FIRST_WRITE));
    assertThatThrownBy(() -> store.set(set(p + "fw", "v2", null, Concurrency.FIRST_WRITE)))
        .isInstanceOf(ETagMismatchException.class);
    ETag e = store.get(GetRequest.of(p + "fw")).etag();
    store.set(set(p + "fw", "v3", e, Concurrency.FIRST_WRITE));
    assertThatThrownBy(() -> store.set(set(p + "fw", "v4", e, Concurrency.FIRST_WRITE)))
        .isInstanceOf(ETagMismatchException.class);
    assertThat(store.get(GetRequest.of(p + "fw")).value()).isEqualTo(b("v3"));
  }

  @Test
  void ttlIsNativeReportedAndClearedOnResave() throws Exception {
    Instant before = Instant.now();
    store.set(setTtl(p + "t", "x", "3600"));
    StateItem<byte[]> item = store.get(GetRequest.of(p + "t"));
    assertThat(item.ttlExpireTime())
        .hasValueSatisfying(
            t -> assertThat(t).isBetween(before.plusSeconds(3590), before.plusSeconds(3610)));
    assertThat(raw.ttl(p + "t")).isBetween(3590L, 3600L);
    store.set(setTtl(p + "t", "x", "-1"));
    assertThat(store.get(GetRequest.of(p + "t")).metadata()).isEmpty();
    assertThat(raw.ttl(p + "t")).isEqualTo(-1L);
    store.set(setTtl(p + "t", "x", "3600"));
    store.set(SetRequest.of(p + "t", b("y")));
    assertThat(raw.ttl(p + "t")).isEqualTo(-1L);

    store.set(setTtl(p + "short", "x", "1"));
    assertThat(store.get(GetRequest.of(p + "short"))).isNotNull();
    Awaitility.await()
        .atMost(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> store.get(GetRequest.of(p + "short")) == null);
    assertThatThrownBy(() -> store.set(setTtl(p + "t", "x", "foo")))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void componentTtlAppliesWhenTheRequestHasNone() throws Exception {
    Map<String, String> md = new HashMap<>(RedisTestSupport.metadata());
    md.put("ttlInSeconds", "100");
    try (StateComponent s = RedisTestSupport.create(md)) {
      s.set(SetRequest.of(p + "g", b("x")));
      assertThat(raw.ttl(p + "g")).isBetween(90L, 100L);
      s.set(setTtl(p + "g", "x", "-1"));
      assertThat(raw.ttl(p + "g")).isEqualTo(-1L);
    }
  }

  @Test
  void bulkOperationsArePerItem() throws Exception {
    store.bulkSet(
        List.of(
            SetRequest.of(p + "a", b("A")),
            SetRequest.of(p + "b", b("B")),
            setTtl(p + "c", "C", "100")));
    List<StateItem<byte[]>> items =
        store.bulkGet(
            List.of(GetRequest.of(p + "a"), GetRequest.of(p + "nope"), GetRequest.of(p + "c")));
    assertThat(items).hasSize(3);
    assertThat(items.get(0).value()).isEqualTo(b("A"));
    assertThat(items.get(1).key()).isEqualTo(p + "nope");
    assertThat(items.get(1).value()).isNull();
    assertThat(items.get(1).etag()).isNull();
    assertThat(items.get(2).metadata()).containsKey(StateItem.TTL_EXPIRE_TIME);

    ETag ea = items.get(0).etag();
    ETag eb = store.get(GetRequest.of(p + "b")).etag();
    assertThatThrownBy(
            () ->
                store.bulkSet(
                    List.of(
                        set(p + "a", "A2", ea, Concurrency.LAST_WRITE),
                        set(p + "b", "B2", new ETag("999999"), Concurrency.LAST_WRITE))))
        .isInstanceOfSatisfying(
            BulkStateException.class,
            e -> {
              assertThat(e.failures()).containsOnlyKeys(p + "b");
              assertThat(e.failures().get(p + "b")).isInstanceOf(ETagMismatchException.class);
            });
    assertThat(store.get(GetRequest.of(p + "a")).value()).isEqualTo(b("A2"));
    assertThat(store.get(GetRequest.of(p + "b")).etag()).isEqualTo(eb);

    assertThatThrownBy(
            () ->
                store.bulkDelete(
                    List.of(
                        DeleteRequest.of(p + "a"),
                        DeleteRequest.ifMatch(p + "b", new ETag("999999")))))
        .isInstanceOfSatisfying(
            BulkStateException.class, e -> assertThat(e.failures()).containsOnlyKeys(p + "b"));
    assertThat(store.get(GetRequest.of(p + "a"))).isNull();
    assertThat(store.get(GetRequest.of(p + "b"))).isNotNull();
    assertThat(store.bulkGet(List.of())).isEmpty();
  }

  @Test
  void transactionsApplyInOrderAllOrNothing() throws Exception {
    store.set(SetRequest.of(p + "key1", b("value1")));
    store.transact(
        List.of(
            DeleteRequest.of(p + "key1"),
            SetRequest.of(p + "key2", b("value2")),
            DeleteRequest.of(p + "key2"),
            SetRequest.of(p + "key3", b("value3"))),
        Map.of());
    assertThat(store.get(GetRequest.of(p + "key1"))).isNull();
    assertThat(store.get(GetRequest.of(p + "key2"))).isNull();
    assertThat(store.get(GetRequest.of(p + "key3")).value()).isEqualTo(b("value3"));

    ETag e3 = store.get(GetRequest.of(p + "key3")).etag();
    // the second condition fails: nothing at all is written, not even the first upsert
    assertThatThrownBy(
            () ->
                store.transact(
                    List.of(
                        SetRequest.of(p + "key4", b("value4")),
                        set(p + "key3", "changed", new ETag("424242"), Concurrency.LAST_WRITE)),
                    Map.of()))
        .isInstanceOf(ETagMismatchException.class)
        .hasMessageContaining(p + "key3");
    assertThat(store.get(GetRequest.of(p + "key4"))).isNull();
    assertThat(store.get(GetRequest.of(p + "key3")).etag()).isEqualTo(e3);

    // conditions see the effects of earlier operations in the same transaction
    assertThatThrownBy(
            () ->
                store.transact(
                    List.of(
                        set(p + "key3", "a", e3, Concurrency.LAST_WRITE),
                        set(p + "key3", "b", e3, Concurrency.LAST_WRITE)),
                    Map.of()))
        .isInstanceOf(ETagMismatchException.class);
    store.transact(
        List.of(
            set(p + "key3", "a", e3, Concurrency.LAST_WRITE),
            DeleteRequest.of(p + "key3"),
            set(p + "key3", "fresh", null, Concurrency.FIRST_WRITE),
            setTtl(p + "key5", "ttl", "100")),
        Map.of());
    assertThat(store.get(GetRequest.of(p + "key3")).value()).isEqualTo(b("fresh"));
    assertThat(raw.ttl(p + "key5")).isBetween(90L, 100L);
    store.transact(List.of(DeleteRequest.of(p + "non-existent-key")), Map.of());
  }

  @Test
  void strongConsistencyWritesSucceedWithoutReplicas() throws Exception {
    store.set(
        new SetRequest(
            p + "strong", b("s"), null, Concurrency.LAST_WRITE, Consistency.STRONG, Map.of()));
    assertThat(store.get(GetRequest.of(p + "strong")).value()).isEqualTo(b("s"));
  }

  @Test
  void recoversWhenTheServerForgetsItsScripts() throws Exception {
    store.set(SetRequest.of(p + "s", b("1")));
    raw.scriptFlush();
    store.set(SetRequest.of(p + "s", b("2")));
    raw.scriptFlush();
    assertThat(store.get(GetRequest.of(p + "s")).value()).isEqualTo(b("2"));
    raw.scriptFlush();
    assertThat(store.bulkGet(List.of(GetRequest.of(p + "s"))).get(0).value()).isEqualTo(b("2"));
    raw.scriptFlush();
    store.bulkSet(List.of(SetRequest.of(p + "s", b("3"))));
    assertThat(store.get(GetRequest.of(p + "s")).value()).isEqualTo(b("3"));
  }

  @Test
  void invalidMetadataFailsWithEveryProblem() {
    Map<String, String> md = new HashMap<>(RedisTestSupport.metadata());
    md.put("redisType", "galaxy");
    md.put("redisDB", "x");
    assertThatThrownBy(() -> RedisTestSupport.create(md))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("redisType")
        .hasMessageContaining("redisDB");
    assertThatThrownBy(() -> RedisTestSupport.create(Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("redisHost");
  }

  /** The runtime's warning about the unread field: DaprCorpusOnRedisIT. */
  @Test
  void queryIndexesDoesNotStopTheStore() throws Exception {
    Map<String, String> md = new HashMap<>(RedisTestSupport.metadata());
    md.put("queryIndexes", "[{\"name\": \"qIndx\", \"indexes\": []}]");
    ComponentContext context = RedisTestSupport.context(md);
    try (StateComponent s = new RedisStateProvider().create(context)) {
      context.metadata().validate();
      assertThat(s.features()).doesNotContain(StateFeature.QUERY_API);
    }
  }

  @Test
  void unreachableServerFailsCreate() throws Exception {
    int port = RedisTestSupport.freePort();
    assertThatThrownBy(
            () ->
                RedisTestSupport.create(
                    Map.of("redisHost", "127.0.0.1:" + port, "dialTimeout", "500ms")))
        .isInstanceOf(redis.clients.jedis.exceptions.JedisConnectionException.class);
  }

  @Test
  void selectsTheConfiguredDatabase() throws Exception {
    Map<String, String> md = new HashMap<>(RedisTestSupport.metadata());
    md.put("redisDB", "3");
    try (StateComponent s = RedisTestSupport.create(md)) {
      s.set(SetRequest.of(p + "db", b("three")));
      assertThat(raw.exists(p + "db")).isFalse();
      assertThat(s.get(GetRequest.of(p + "db")).value()).isEqualTo(b("three"));
      s.delete(DeleteRequest.of(p + "db"));
    }
  }
}
