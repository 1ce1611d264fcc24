package dev.plumb.state.mysql;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.state.BulkStateException;
import dev.plumb.api.state.Concurrency;
import dev.plumb.api.state.Consistency;
import dev.plumb.api.state.ETag;
import dev.plumb.api.state.ETagMismatchException;
import dev.plumb.api.state.StateFeature;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.spi.DeleteRequest;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.KeysPage;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.api.state.spi.StateMutation;
import dev.plumb.testkit.TestClock;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.state.StateConcurrencyScenario;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MySqlStateComponentIT {
  private final MySqlTestDb db = new MySqlTestDb();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    db.drop();
  }

  private StateComponent open(Map<String, String> md, Clock clock) throws Exception {
    TestComponentContext ctx =
        new TestComponentContext("statestore", MySqlStateProvider.TYPE, md).withClock(clock);
    toClose.add(ctx);
    StateComponent store = new MySqlStateProvider().create(ctx);
    toClose.add(0, store);
    return store;
  }

  private StateComponent open() throws Exception {
    return open(db.metadata(), Clock.systemUTC());
  }

  private static SetRequest set(String key, String value, ETag etag, Concurrency c) {
    return new SetRequest(key, value.getBytes(UTF_8), etag, c, Consistency.STRONG, Map.of());
  }

  private static SetRequest setTtl(String key, String value, String ttl) {
    return new SetRequest(
        key,
        value.getBytes(UTF_8),
        null,
        Concurrency.LAST_WRITE,
        Consistency.EVENTUAL,
        Map.of("ttlInSeconds", ttl));
  }

  private static String str(StateItem<byte[]> item) {
    return item == null ? null : new String(item.value(), UTF_8);
  }

  @Test
  void declaresDaprFeaturesAndPings() throws Exception {
    StateComponent store = open();
    assertThat(store.features())
        .containsExactlyInAnyOrder(
            StateFeature.ETAG,
            StateFeature.TRANSACTIONAL,
            StateFeature.TTL,
            StateFeature.KEYS_LIKE);
    store.ping();
    assertThat(store.maxTransactionOperations()).isZero();
  }

  @Test
  void storesBytesExactlyAndIssuesNewUuidEtagOnEveryWrite() throws Exception {
    StateComponent store = open();
    byte[] binary = {0, (byte) 0xff, (byte) 0xc3, 0x28, 10, '"', '\\'};
    store.set(SetRequest.of("bin", binary));
    store.set(SetRequest.of("empty", new byte[0]));
    store.set(SetRequest.of("json", "{\"a\": [1, 2.50, \"⏱️\"]}".getBytes(UTF_8)));

    StateItem<byte[]> bin = store.get(GetRequest.of("bin"));
    assertThat(bin.value()).containsExactly(binary);
    assertThat(bin.etag().value()).matches("[0-9a-f-]{36}");
    assertThat(bin.metadata()).doesNotContainKey(StateItem.TTL_EXPIRE_TIME);
    assertThat(store.get(GetRequest.of("empty")).value()).isEmpty();
    assertThat(str(store.get(GetRequest.of("json")))).isEqualTo("{\"a\": [1, 2.50, \"⏱️\"]}");

    store.set(SetRequest.of("bin", new byte[] {1}));
    assertThat(store.get(GetRequest.of("bin")).etag()).isNotEqualTo(bin.etag());
    assertThat(store.get(GetRequest.of("missing"))).isNull();
  }

  @Test
  void keysDifferingInCaseAreDistinct() throws Exception {
    StateComponent store = open();
    store.set(set("Key", "upper", null, Concurrency.LAST_WRITE));
    store.set(set("key", "lower", null, Concurrency.LAST_WRITE));
    assertThat(str(store.get(GetRequest.of("Key")))).isEqualTo("upper");
    assertThat(str(store.get(GetRequest.of("key")))).isEqualTo("lower");
  }

  @Test
  void etagsGuardSetsAndDeletes() throws Exception {
    StateComponent store = open();
    store.set(set("k", "v1", null, Concurrency.LAST_WRITE));
    ETag e1 = store.get(GetRequest.of("k")).etag();

    assertThatThrownBy(() -> store.set(set("k", "x", new ETag("bad-etag"), Concurrency.LAST_WRITE)))
        .isInstanceOf(ETagMismatchException.class);
    store.set(set("k", "v2", e1, Concurrency.LAST_WRITE));
    StateItem<byte[]> now = store.get(GetRequest.of("k"));
    assertThat(str(now)).isEqualTo("v2");
    assertThat(now.etag()).isNotEqualTo(e1);

    assertThatThrownBy(() -> store.delete(DeleteRequest.ifMatch("k", e1)))
        .isInstanceOf(ETagMismatchException.class);
    assertThat(store.get(GetRequest.of("k"))).isNotNull();
    store.delete(DeleteRequest.ifMatch("k", now.etag()));
    assertThat(store.get(GetRequest.of("k"))).isNull();

    store.delete(DeleteRequest.of("never-written"));
    assertThatThrownBy(() -> store.delete(DeleteRequest.ifMatch("never-written", e1)))
        .isInstanceOf(ETagMismatchException.class);
    assertThatThrownBy(() -> store.set(set("never-written", "x", e1, Concurrency.LAST_WRITE)))
        .isInstanceOf(ETagMismatchException.class);
  }

  @Test
  void firstWriteSucceedsOnlyForAbsentKeysOrMatchingEtag() throws Exception {
    TestClock clock = TestClock.start();
    StateComponent store = open(db.metadata(), clock);
    store.set(set("fw", "v1", null, Concurrency.FIRST_WRITE));
    assertThatThrownBy(() -> store.set(set("fw", "v2", null, Concurrency.FIRST_WRITE)))
        .isInstanceOf(ETagMismatchException.class);
    assertThat(str(store.get(GetRequest.of("fw")))).isEqualTo("v1");

    ETag e = store.get(GetRequest.of("fw")).etag();
    store.set(set("fw", "v3", e, Concurrency.FIRST_WRITE));
    assertThatThrownBy(() -> store.set(set("fw", "v4", e, Concurrency.FIRST_WRITE)))
        .isInstanceOf(ETagMismatchException.class);

    // An expired row that the sweeper has not removed yet counts as absent.
    store.set(setTtl("fw-ttl", "old", "5"));
    clock.advance(Duration.ofSeconds(6));
    store.set(set("fw-ttl", "new", null, Concurrency.FIRST_WRITE));
    assertThat(str(store.get(GetRequest.of("fw-ttl")))).isEqualTo("new");
  }

  @Test
  void ttlHidesExpiredValuesAndReportsExpireTime() throws Exception {
    TestClock clock = TestClock.start();
    StateComponent store = open(db.metadata(), clock);
    store.set(setTtl("t", "v", "10"));
    StateItem<byte[]> item = store.get(GetRequest.of("t"));
    assertThat(item.metadata())
        .containsEntry(StateItem.TTL_EXPIRE_TIME, clock.instant().plusSeconds(10).toString());
    assertThat(store.bulkGet(List.of(GetRequest.of("t"))).get(0).metadata())
        .containsKey(StateItem.TTL_EXPIRE_TIME);

    clock.advance(Duration.ofSeconds(11));
    assertThat(store.get(GetRequest.of("t"))).isNull();
    assertThat(store.bulkGet(List.of(GetRequest.of("t"))).get(0).value()).isNull();
    assertThat(store.keysLike("%", null, null).keys()).doesNotContain("t");
    assertThatThrownBy(() -> store.delete(DeleteRequest.ifMatch("t", item.etag())))
        .isInstanceOf(ETagMismatchException.class);

    // -1 and a save without ttlInSeconds both clear a TTL.
    store.set(setTtl("t2", "v", "10"));
    store.set(setTtl("t2", "v", "-1"));
    assertThat(store.get(GetRequest.of("t2")).metadata()).isEmpty();
    store.set(setTtl("t3", "v", "10"));
    store.set(SetRequest.of("t3", new byte[] {1}));
    clock.advance(Duration.ofSeconds(20));
    assertThat(store.get(GetRequest.of("t2"))).isNotNull();
    assertThat(store.get(GetRequest.of("t3"))).isNotNull();

    assertThatThrownBy(() -> store.set(setTtl("t4", "v", "foo")))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> store.set(setTtl("t4", "v", Long.toString(400L * 365 * 86400))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("2038");
  }

  @Test
  void sweeperDeletesExpiredRows() throws Exception {
    TestClock clock = TestClock.start();
    Map<String, String> md = db.metadata();
    md.put("cleanupInterval", "200ms");
    StateComponent store = open(md, clock);
    store.set(setTtl("gone1", "v", "5"));
    store.set(setTtl("gone2", "v", "5"));
    store.set(SetRequest.of("kept", new byte[] {1}));
    assertThat(db.count("1=1")).isEqualTo(3);
    clock.advance(Duration.ofSeconds(6));
    await().atMost(Duration.ofSeconds(10)).until(() -> db.count("1=1") == 1);
    assertThat(store.get(GetRequest.of("kept"))).isNotNull();
  }

  @Test
  void transactionsApplyInOrderAndAllOrNothing() throws Exception {
    StateComponent store = open();
    store.set(set("key1", "value1", null, Concurrency.LAST_WRITE));
    store.transact(
        List.of(
            DeleteRequest.of("key1"),
            set("key2", "value2", null, Concurrency.LAST_WRITE),
            DeleteRequest.of("key2"),
            set("key3", "value3", null, Concurrency.LAST_WRITE),
            DeleteRequest.of("non-existent-key")),
        Map.of());
    assertThat(store.get(GetRequest.of("key1"))).isNull();
    assertThat(store.get(GetRequest.of("key2"))).isNull();
    assertThat(str(store.get(GetRequest.of("key3")))).isEqualTo("value3");

    ETag e3 = store.get(GetRequest.of("key3")).etag();
    List<StateMutation> failing =
        List.of(
            set("key4", "value4", null, Concurrency.LAST_WRITE),
            DeleteRequest.of("key3"),
            set("key5", "value5", new ETag("bad-etag"), Concurrency.LAST_WRITE));
    assertThatThrownBy(() -> store.transact(failing, Map.of()))
        .isInstanceOf(ETagMismatchException.class);
    assertThat(store.get(GetRequest.of("key4"))).isNull();
    assertThat(store.get(GetRequest.of("key3")).etag()).isEqualTo(e3);

    assertThatThrownBy(
            () ->
                store.transact(
                    List.of(
                        set("key6", "v", null, Concurrency.LAST_WRITE),
                        set("key3", "v", null, Concurrency.FIRST_WRITE)),
                    Map.of()))
        .isInstanceOf(ETagMismatchException.class);
    assertThat(store.get(GetRequest.of("key6"))).isNull();

    store.transact(List.of(set("key3", "value3b", e3, Concurrency.LAST_WRITE)), Map.of());
    assertThat(str(store.get(GetRequest.of("key3")))).isEqualTo("value3b");
  }

  @Test
  void bulkOperationsReportPerItemFailuresAndApplyTheRest() throws Exception {
    StateComponent store = open();
    List<SetRequest> many = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      many.add(set("b" + i, "v" + i, null, Concurrency.LAST_WRITE));
    }
    many.add(set("b0", "last-wins", null, Concurrency.LAST_WRITE));
    store.bulkSet(many);
    assertThat(db.count("1=1")).isEqualTo(1200);

    List<GetRequest> gets = new ArrayList<>();
    gets.add(GetRequest.of("doesnotexist"));
    for (int i = 0; i < 1200; i++) {
      gets.add(GetRequest.of("b" + i));
    }
    List<StateItem<byte[]>> got = store.bulkGet(gets);
    assertThat(got).hasSize(1201);
    assertThat(got.get(0).key()).isEqualTo("doesnotexist");
    assertThat(got.get(0).value()).isNull();
    assertThat(got.get(0).etag()).isNull();
    assertThat(str(got.get(1))).isEqualTo("last-wins");
    assertThat(str(got.get(1200))).isEqualTo("v1199");

    ETag e2 = got.get(3).etag();
    ETag e3 = got.get(4).etag();
    assertThatThrownBy(
            () ->
                store.bulkSet(
                    List.of(
                        set("b2", "x", new ETag("bad-etag"), Concurrency.LAST_WRITE),
                        set("b3", "y", e3, Concurrency.LAST_WRITE),
                        set("b4", "z", null, Concurrency.LAST_WRITE),
                        setTtl("b5", "w", "foo"))))
        .isInstanceOfSatisfying(
            BulkStateException.class,
            e -> {
              assertThat(e.failures()).containsOnlyKeys("b2", "b5");
              assertThat(e.failures().get("b2")).isInstanceOf(ETagMismatchException.class);
              assertThat(e.failures().get("b5")).isInstanceOf(InvalidRequestException.class);
            });
    assertThat(store.get(GetRequest.of("b2")).etag()).isEqualTo(e2);
    assertThat(str(store.get(GetRequest.of("b3")))).isEqualTo("y");
    assertThat(str(store.get(GetRequest.of("b4")))).isEqualTo("z");
    assertThat(str(store.get(GetRequest.of("b5")))).isEqualTo("v5");

    assertThatThrownBy(
            () ->
                store.bulkDelete(
                    List.of(
                        DeleteRequest.ifMatch("b2", e2),
                        DeleteRequest.ifMatch("b6", new ETag("bad-etag")),
                        DeleteRequest.of("b7"),
                        DeleteRequest.of("b8"))))
        .isInstanceOfSatisfying(
            BulkStateException.class, e -> assertThat(e.failures()).containsOnlyKeys("b6"));
    assertThat(store.bulkGet(List.of(GetRequest.of("b2"), GetRequest.of("b7"))))
        .allSatisfy(i -> assertThat(i.value()).isNull());
    assertThat(store.get(GetRequest.of("b6"))).isNotNull();
  }

  @Test
  void keysLikeMatchesPagesAndEscapes() throws Exception {
    StateComponent store = open();
    for (String k :
        List.of(
            "prefix||key1",
            "prefix||key2",
            "prefix||prefix2||key3",
            "other-prefix||key1",
            "no-prefix",
            "abc1",
            "abc2",
            "abc3",
            "abc33",
            "hello_",
            "hello%%",
            "helloXY")) {
      store.set(SetRequest.of(k, new byte[] {1}));
    }
    assertThat(store.keysLike("%", null, null).keys()).hasSize(12);
    assertThat(store.keysLike("prefix||%", null, null).keys()).hasSize(3);
    assertThat(store.keysLike("%||%||%", null, null).keys())
        .containsExactly("prefix||prefix2||key3");
    assertThat(store.keysLike("abc_", null, null).keys()).containsExactly("abc1", "abc2", "abc3");
    assertThat(store.keysLike("hello\\_", null, null).keys()).containsExactly("hello_");
    assertThat(store.keysLike("hello\\%\\%", null, null).keys()).containsExactly("hello%%");
    assertThat(store.keysLike("ABC%", null, null).keys()).isEmpty();
    assertThatThrownBy(() -> store.keysLike("", null, null))
        .isInstanceOf(InvalidRequestException.class);

    KeysPage p1 = store.keysLike("%", 5, null);
    assertThat(p1.keys()).hasSize(5);
    assertThat(p1.continuationToken()).isNotNull();
    KeysPage p2 = store.keysLike("%", 5, p1.continuationToken());
    KeysPage p3 = store.keysLike("%", 5, p2.continuationToken());
    assertThat(p3.keys()).hasSize(2);
    assertThat(p3.continuationToken()).isNull();
    List<String> all = new ArrayList<>(p1.keys());
    all.addAll(p2.keys());
    all.addAll(p3.keys());
    assertThat(all).doesNotHaveDuplicates().hasSize(12);
  }

  @Test
  void readsRowsDaprWroteAsJsonDocuments() throws Exception {
    StateComponent store = open();
    db.exec(
        "INSERT INTO `" + db.table + "` (id, value, isbinary, eTag) VALUES (?, ?, 0, ?)",
        "dapr-key",
        "{\"message\":\"hi\"}",
        "1f0e8b5c-0000-4000-8000-000000000000");
    StateItem<byte[]> item = store.get(GetRequest.of("dapr-key"));
    assertThat(str(item)).isEqualTo("{\"message\":\"hi\"}");
    assertThat(item.etag().value()).isEqualTo("1f0e8b5c-0000-4000-8000-000000000000");
  }

  @Test
  void acceptsGoDsnAndCreatesAMissingSchema() throws Exception {
    String schema = "plumb_s_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    Map<String, String> md = new HashMap<>(db.metadata());
    md.put("connectionString", "root:@tcp(127.0.0.1:3306)/?allowNativePasswords=true");
    md.put("schemaName", schema);
    try {
      StateComponent store = open(md, Clock.systemUTC());
      store.set(SetRequest.of("k", new byte[] {7}));
      assertThat(store.get(GetRequest.of("k")).value()).containsExactly(7);
    } finally {
      db.exec("DROP DATABASE IF EXISTS `" + schema + "`");
    }
  }

  @Test
  void connectionStringFromASecretNeverShowsUpInErrors() throws Exception {
    Map<String, String> md = db.metadata();
    md.remove("connectionString");
    try (TestComponentContext ctx =
        new TestComponentContext("statestore", MySqlStateProvider.TYPE, md)
            .withSecret("connectionString", "root:s3cr3t-pw@tcp(127.0.0.1:3306)/test")) {
      Throwable thrown = catchThrowable(() -> new MySqlStateProvider().create(ctx));
      assertThat(thrown).isNotNull();
      for (Throwable t = thrown; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain("s3cr3t-pw");
      }
    }
  }

  @Test
  void skipCreateTableRefusesAMissingTable() {
    Map<String, String> md = db.metadata();
    md.put("skipCreateTable", "true");
    assertThatThrownBy(() -> open(md, Clock.systemUTC()))
        .hasMessageContaining("does not exist")
        .hasMessageContaining(db.table);
  }

  @Test
  void invalidMetadataIsReportedAtOnce() {
    Map<String, String> md = new HashMap<>();
    md.put("tableName", "bad-name;drop");
    md.put("timeoutInSeconds", "soon");
    assertThatThrownBy(() -> open(md, Clock.systemUTC()))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(3)
                    .anySatisfy(p -> assertThat(p).contains("connectionString"))
                    .anySatisfy(p -> assertThat(p).contains("tableName"))
                    .anySatisfy(p -> assertThat(p).contains("timeoutInSeconds")));
  }

  @Test
  void sixteenThreadsIncrementingWithEtagRetryEndWithTheExactCount() throws Exception {
    StateConcurrencyScenario.incrementWithETagRetry(open(), "counter", 16, 150);
  }
}
