package dev.plumb.state.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.state.BulkStateException;
import dev.plumb.api.state.Concurrency;
import dev.plumb.api.state.Consistency;
import dev.plumb.api.state.ETag;
import dev.plumb.api.state.ETagInvalidException;
import dev.plumb.api.state.ETagMismatchException;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.spi.DeleteRequest;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.KeysPage;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.common.postgresql.PostgresqlConnectionString;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour shared by both table layouts. */
abstract class AbstractPostgresqlStateComponentIT {
  protected Map<String, String> md;
  protected StateComponent store;

  abstract String version();

  abstract ETag foreignEtag();

  @BeforeEach
  void setUp() throws Exception {
    md = PostgresqlTestSupport.metadata(version());
    store = PostgresqlTestSupport.create(version(), md);
  }

  @AfterEach
  void tearDown() throws Exception {
    store.close();
    PostgresqlTestSupport.drop(version(), md);
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static SetRequest set(String key, String value, ETag etag, Concurrency c) {
    return new SetRequest(key, b(value), etag, c, Consistency.EVENTUAL, Map.of());
  }

  static SetRequest setTtl(String key, String value, String ttl) {
    return new SetRequest(
        key,
        b(value),
        null,
        Concurrency.LAST_WRITE,
        Consistency.EVENTUAL,
        Map.of("ttlInSeconds", ttl));
  }

  @Test
  void roundTripsBinaryExactlyAndJsonEqually() throws Exception {
    byte[] bytes = {0, 1, (byte) 0xff, '"', (byte) 0x80};
    store.set(SetRequest.of("bin", bytes));
    assertThat(store.get(GetRequest.of("bin")).value()).isEqualTo(bytes);
    store.set(SetRequest.of("json", b("{\"a\":1,\"b\":[true,null]}")));
    String json = new String(store.get(GetRequest.of("json")).value(), StandardCharsets.UTF_8);
    assertThat(json.replace(" ", "")).isEqualTo("{\"a\":1,\"b\":[true,null]}");
    store.set(SetRequest.of("empty", new byte[0]));
    assertThat(store.get(GetRequest.of("empty")).value()).isEmpty();
    assertThat(store.get(GetRequest.of("missing"))).isNull();
    assertThat(store.get(GetRequest.of("json")).etag()).isNotNull();
  }

  @Test
  void etagsGuardWritesAndDeletes() throws Exception {
    store.set(SetRequest.of("k", b("1")));
    ETag e1 = store.get(GetRequest.of("k")).etag();
    store.set(set("k", "2", e1, Concurrency.LAST_WRITE));
    ETag e2 = store.get(GetRequest.of("k")).etag();
    assertThat(e2).isNotEqualTo(e1);
    assertThatThrownBy(() -> store.set(set("k", "3", e1, Concurrency.LAST_WRITE)))
        .isInstanceOf(ETagMismatchException.class);
    assertThatThrownBy(() -> store.set(set("k", "3", foreignEtag(), Concurrency.LAST_WRITE)))
        .isInstanceOf(ETagMismatchException.class);
    assertThatThrownBy(() -> store.set(set("k", "3", new ETag("bad-etag"), Concurrency.LAST_WRITE)))
        .isInstanceOf(ETagInvalidException.class);
    assertThatThrownBy(() -> store.delete(DeleteRequest.ifMatch("k", e1)))
        .isInstanceOf(ETagMismatchException.class);
    store.delete(DeleteRequest.ifMatch("k", e2));
    assertThat(store.get(GetRequest.of("k"))).isNull();
    assertThatThrownBy(() -> store.set(set("k", "4", e2, Concurrency.LAST_WRITE)))
        .isInstanceOf(ETagMismatchException.class);
    store.delete(DeleteRequest.of("never-written"));
  }

  @Test
  void firstWriteSucceedsOnlyOnceButReplacesExpiredRows() throws Exception {
    store.set(set("fw", "v1", null, Concurrency.FIRST_WRITE));
    assertThatThrownBy(() -> store.set(set("fw", "v2", null, Concurrency.FIRST_WRITE)))
        .isInstanceOf(ETagMismatchException.class);
    ETag e = store.get(GetRequest.of("fw")).etag();
    store.set(set("fw", "v3", e, Concurrency.FIRST_WRITE));
    assertThatThrownBy(() -> store.set(set("fw", "v4", e, Concurrency.FIRST_WRITE)))
        .isInstanceOf(ETagMismatchException.class);
    String expires = version().equals("v2") ? "expires_at" : "expiredate";
    store.set(SetRequest.of("old", b("\"x\"")));
    try (Connection c = PostgresqlTestSupport.raw();
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "UPDATE "
              + PostgresqlTestSupport.stateTable(version(), md)
              + " SET "
              + expires
              + " = now() - interval '1 minute' WHERE key = 'old'");
    }
    assertThat(store.get(GetRequest.of("old"))).isNull();
    store.set(set("old", "\"new\"", null, Concurrency.FIRST_WRITE));
    assertThat(store.get(GetRequest.of("old")).value()).isEqualTo(b("\"new\""));
  }

  @Test
  void ttlsAreReportedClearedAndSwept() throws Exception {
    Instant before = Instant.now();
    store.set(setTtl("t", "1", "3600"));
    assertThat(store.get(GetRequest.of("t")).ttlExpireTime())
        .hasValueSatisfying(
            t -> assertThat(t).isBetween(before.plusSeconds(3590), before.plusSeconds(3610)));
    assertThat(store.bulkGet(List.of(GetRequest.of("t"))).get(0).metadata())
        .containsKey(StateItem.TTL_EXPIRE_TIME);
    store.set(setTtl("t", "1", "-1"));
    assertThat(store.get(GetRequest.of("t")).metadata()).isEmpty();
    store.set(setTtl("t", "1", "3600"));
    store.set(SetRequest.of("t", b("2")));
    assertThat(store.get(GetRequest.of("t")).metadata()).isEmpty();

    store.set(setTtl("short", "1", "1"));
    assertThat(store.get(GetRequest.of("short"))).isNotNull();
    Awaitility.await()
        .atMost(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> store.get(GetRequest.of("short")) == null);
    assertThatThrownBy(() -> store.set(setTtl("t", "1", "foo")))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void sweeperDeletesExpiredRows() throws Exception {
    Map<String, String> m = new HashMap<>(md);
    m.put("cleanupInterval", "1s");
    try (StateComponent s = PostgresqlTestSupport.create(version(), m)) {
      s.set(setTtl("gone", "1", "1"));
      s.set(SetRequest.of("kept", b("1")));
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> rowCount() == 1);
    }
  }

  long rowCount() throws Exception {
    try (Connection c = PostgresqlTestSupport.raw();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM " + PostgresqlTestSupport.stateTable(version(), md))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void bulkOperationsArePerItem() throws Exception {
    store.bulkSet(
        List.of(
            SetRequest.of("a", b("\"A\"")),
            SetRequest.of("b", b("\"B\"")),
            setTtl("c", "\"C\"", "100")));
    List<StateItem<byte[]>> items =
        store.bulkGet(List.of(GetRequest.of("a"), GetRequest.of("nope"), GetRequest.of("c")));
    assertThat(items).extracting(StateItem::key).containsExactly("a", "nope", "c");
    assertThat(items.get(0).value()).isEqualTo(b("\"A\""));
    assertThat(items.get(1).value()).isNull();
    assertThat(items.get(1).etag()).isNull();
    assertThat(items.get(2).metadata()).containsKey(StateItem.TTL_EXPIRE_TIME);

    ETag ea = items.get(0).etag();
    ETag eb = store.get(GetRequest.of("b")).etag();
    assertThatThrownBy(
            () ->
                store.bulkSet(
                    List.of(
                        set("a", "\"A2\"", ea, Concurrency.LAST_WRITE),
                        set("b", "\"B2\"", foreignEtag(), Concurrency.LAST_WRITE))))
        .isInstanceOfSatisfying(
            BulkStateException.class,
            e -> {
              assertThat(e.failures()).containsOnlyKeys("b");
              assertThat(e.failures().get("b")).isInstanceOf(ETagMismatchException.class);
            });
    assertThat(store.get(GetRequest.of("a")).value()).isEqualTo(b("\"A2\""));
    assertThat(store.get(GetRequest.of("b")).etag()).isEqualTo(eb);
    ETag ea2 = store.get(GetRequest.of("a")).etag();
    assertThatThrownBy(
            () ->
                store.bulkDelete(
                    List.of(
                        DeleteRequest.ifMatch("a", ea2),
                        DeleteRequest.ifMatch("b", foreignEtag()))))
        .isInstanceOfSatisfying(
            BulkStateException.class, e -> assertThat(e.failures()).containsOnlyKeys("b"));
    assertThat(store.get(GetRequest.of("a"))).isNull();
    assertThat(store.get(GetRequest.of("b"))).isNotNull();
    assertThat(store.bulkGet(List.of())).isEmpty();
  }

  @Test
  void transactionsApplyInOrderAllOrNothing() throws Exception {
    store.set(SetRequest.of("key1", b("\"value1\"")));
    store.transact(
        List.of(
            DeleteRequest.of("key1"),
            SetRequest.of("key2", b("\"value2\"")),
            DeleteRequest.of("key2"),
            SetRequest.of("key3", b("\"value3\""))),
        Map.of());
    assertThat(store.get(GetRequest.of("key1"))).isNull();
    assertThat(store.get(GetRequest.of("key2"))).isNull();
    assertThat(store.get(GetRequest.of("key3")).value()).isEqualTo(b("\"value3\""));
    ETag e3 = store.get(GetRequest.of("key3")).etag();
    assertThatThrownBy(
            () ->
                store.transact(
                    List.of(
                        SetRequest.of("key4", b("4")),
                        set("key3", "5", foreignEtag(), Concurrency.LAST_WRITE)),
                    Map.of()))
        .isInstanceOf(ETagMismatchException.class)
        .hasMessageContaining("key3");
    assertThat(store.get(GetRequest.of("key4"))).isNull();
    assertThat(store.get(GetRequest.of("key3")).etag()).isEqualTo(e3);
    store.transact(List.of(DeleteRequest.of("non-existent-key")), Map.of());
  }

  @Test
  void keysLikeMatchesEscapesAndPages() throws Exception {
    List<SetRequest> reqs = new ArrayList<>();
    for (String k :
        List.of(
            "prefix||key1", "prefix||key2", "prefix||prefix2||key3", "abc1", "abc33", "hello_")) {
      reqs.add(SetRequest.of(k, b("1")));
    }
    reqs.add(setTtl("expired", "1", "1"));
    store.bulkSet(reqs);
    assertThat(store.keysLike("prefix||%", null, null).keys()).hasSize(3);
    assertThat(store.keysLike("abc_", null, null).keys()).containsExactly("abc1");
    assertThat(store.keysLike("hello\\_", null, null).keys()).containsExactly("hello_");
    KeysPage p1 = store.keysLike("%", 4, null);
    assertThat(p1.keys()).hasSize(4);
    assertThat(p1.continuationToken()).isNotNull();
    Awaitility.await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> store.keysLike("%", null, null).keys().size() == 6);
    KeysPage p2 = store.keysLike("%", 4, p1.continuationToken());
    assertThat(p2.keys()).hasSize(2);
    assertThat(p2.continuationToken()).isNull();
    assertThatThrownBy(() -> store.keysLike("", null, null))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void connectsWithLibpqKeyValueStrings() throws Exception {
    Map<String, String> p = PostgresqlConnectionString.parse(PostgresqlTestSupport.URL);
    StringBuilder kv = new StringBuilder();
    p.forEach((k, v) -> kv.append(k).append("='").append(v.replace("'", "\\'")).append("' "));
    kv.append("connect_timeout=5");
    Map<String, String> m = PostgresqlTestSupport.metadata(version(), kv.toString());
    try (StateComponent s = PostgresqlTestSupport.create(version(), m)) {
      s.set(SetRequest.of("kv", b("1")));
      assertThat(s.get(GetRequest.of("kv")).value()).isEqualTo(b("1"));
    } finally {
      PostgresqlTestSupport.drop(version(), m);
    }
  }

  @Test
  void invalidMetadataIsReportedTogether() {
    Map<String, String> m = new HashMap<>(md);
    m.put("timeout", "500ms");
    m.put("tableName", "x; DROP TABLE y");
    m.put("tablePrefix", "x; DROP");
    m.put("metadataTableName", "bad name");
    assertThatThrownBy(() -> PostgresqlTestSupport.create(version(), m))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("timeout")
        .hasMessageContaining("metadataTableName");
    assertThatThrownBy(() -> PostgresqlTestSupport.create(version(), Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("connectionString");
  }
}
