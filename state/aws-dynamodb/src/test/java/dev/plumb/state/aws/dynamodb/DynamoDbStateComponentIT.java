package dev.plumb.state.aws.dynamodb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

class DynamoDbStateComponentIT {
  private static DynamoDbLocal local;
  private static DynamoDbClient raw;

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final List<String> tables = new ArrayList<>();

  @BeforeAll
  static void startDynamoDbLocal() throws Exception {
    local = DynamoDbLocal.startInMemory();
    raw = local.client();
  }

  @AfterAll
  static void stopDynamoDbLocal() throws Exception {
    raw.close();
    local.close();
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    for (String t : tables) {
      try {
        raw.deleteTable(b -> b.tableName(t));
      } catch (ResourceNotFoundException alreadyGone) {
        // the test never created it
      }
    }
  }

  private Map<String, String> metadata() {
    Map<String, String> md = local.metadata();
    tables.add(md.get("table"));
    return md;
  }

  private Map<String, String> metadataWithTtl() {
    Map<String, String> md = metadata();
    md.put("ttlAttributeName", "expiresAt");
    return md;
  }

  private StateComponent open(Map<String, String> md, Clock clock) throws Exception {
    TestComponentContext ctx =
        new TestComponentContext("statestore", DynamoDbStateProvider.TYPE, md).withClock(clock);
    toClose.add(ctx);
    StateComponent store = new DynamoDbStateProvider().create(ctx);
    toClose.add(0, store);
    return store;
  }

  private StateComponent open() throws Exception {
    return open(metadata(), Clock.systemUTC());
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
        Consistency.STRONG,
        Map.of("ttlInSeconds", ttl));
  }

  private static String str(StateItem<byte[]> item) {
    return item == null ? null : new String(item.value(), UTF_8);
  }

  @Test
  void declaresTtlOnlyWithTtlAttributeName() throws Exception {
    StateComponent plain = open();
    assertThat(plain.features())
        .containsExactlyInAnyOrder(StateFeature.ETAG, StateFeature.TRANSACTIONAL);
    assertThat(plain.maxTransactionOperations()).isEqualTo(100);
    StateComponent withTtl = open(metadataWithTtl(), Clock.systemUTC());
    assertThat(withTtl.features())
        .containsExactlyInAnyOrder(StateFeature.ETAG, StateFeature.TRANSACTIONAL, StateFeature.TTL);
    withTtl.ping();
  }

  @Test
  void storesTextAsStringsAndOtherBytesAsBinaryExactly() throws Exception {
    Map<String, String> md = metadata();
    StateComponent store = open(md, Clock.systemUTC());
    byte[] binary = {0, (byte) 0xff, (byte) 0xc3, 0x28, 10};
    store.set(SetRequest.of("bin", binary));
    store.set(SetRequest.of("text", "{\"a\":\"⏱️\"}".getBytes(UTF_8)));
    store.set(SetRequest.of("empty", new byte[0]));

    assertThat(store.get(GetRequest.of("bin")).value()).containsExactly(binary);
    assertThat(str(store.get(GetRequest.of("text")))).isEqualTo("{\"a\":\"⏱️\"}");
    assertThat(store.get(GetRequest.of("empty")).value()).isEmpty();
    Map<String, AttributeValue> rawBin =
        raw.getItem(
                b -> b.tableName(md.get("table")).key(Map.of("key", AttributeValue.fromS("bin"))))
            .item();
    Map<String, AttributeValue> rawText =
        raw.getItem(
                b -> b.tableName(md.get("table")).key(Map.of("key", AttributeValue.fromS("text"))))
            .item();
    assertThat(rawBin.get("value").b()).isNotNull();
    assertThat(rawText.get("value").s()).isEqualTo("{\"a\":\"⏱️\"}");
    assertThat(store.get(GetRequest.of("missing"))).isNull();
  }

  @Test
  void etagsGuardSetsAndDeletes() throws Exception {
    StateComponent store = open();
    store.set(set("k", "v1", null, Concurrency.LAST_WRITE));
    ETag e1 = store.get(GetRequest.of("k")).etag();
    assertThat(e1).isNotNull();

    assertThatThrownBy(() -> store.set(set("k", "x", new ETag("bad-etag"), Concurrency.LAST_WRITE)))
        .isInstanceOf(ETagMismatchException.class);
    store.set(set("k", "v2", e1, Concurrency.LAST_WRITE));
    StateItem<byte[]> now = store.get(GetRequest.of("k"));
    assertThat(str(now)).isEqualTo("v2");
    assertThat(now.etag()).isNotEqualTo(e1);

    assertThatThrownBy(() -> store.delete(DeleteRequest.ifMatch("k", e1)))
        .isInstanceOf(ETagMismatchException.class);
    store.delete(DeleteRequest.ifMatch("k", now.etag()));
    assertThat(store.get(GetRequest.of("k"))).isNull();

    store.delete(DeleteRequest.of("never-written"));
    assertThatThrownBy(() -> store.delete(DeleteRequest.ifMatch("never-written", e1)))
        .isInstanceOf(ETagMismatchException.class);
    assertThatThrownBy(() -> store.set(set("never-written", "x", e1, Concurrency.LAST_WRITE)))
        .isInstanceOf(ETagMismatchException.class);
  }

  @Test
  void firstWriteSucceedsOnlyForAbsentOrExpiredKeys() throws Exception {
    TestClock clock = TestClock.start();
    StateComponent store = open(metadataWithTtl(), clock);
    store.set(set("fw", "v1", null, Concurrency.FIRST_WRITE));
    assertThatThrownBy(() -> store.set(set("fw", "v2", null, Concurrency.FIRST_WRITE)))
        .isInstanceOf(ETagMismatchException.class);
    ETag e = store.get(GetRequest.of("fw")).etag();
    store.set(set("fw", "v3", e, Concurrency.FIRST_WRITE));
    assertThatThrownBy(() -> store.set(set("fw", "v4", e, Concurrency.FIRST_WRITE)))
        .isInstanceOf(ETagMismatchException.class);

    store.set(setTtl("fw-ttl", "old", "5"));
    clock.advance(Duration.ofSeconds(6));
    store.set(set("fw-ttl", "new", null, Concurrency.FIRST_WRITE));
    assertThat(str(store.get(GetRequest.of("fw-ttl")))).isEqualTo("new");
  }

  @Test
  void ttlIsHonouredOnReadBecauseDynamoDbPurgesLate() throws Exception {
    TestClock clock = TestClock.start();
    StateComponent store = open(metadataWithTtl(), clock);
    store.set(setTtl("t", "v", "10"));
    StateItem<byte[]> item = store.get(GetRequest.of("t"));
    assertThat(item.metadata())
        .containsEntry(StateItem.TTL_EXPIRE_TIME, clock.instant().plusSeconds(10).toString());
    assertThat(store.bulkGet(List.of(GetRequest.of("t"))).get(0).metadata())
        .containsKey(StateItem.TTL_EXPIRE_TIME);

    clock.advance(Duration.ofSeconds(11));
    assertThat(store.get(GetRequest.of("t"))).isNull();
    assertThat(store.bulkGet(List.of(GetRequest.of("t"))).get(0).value()).isNull();
    assertThatThrownBy(() -> store.set(set("t", "x", item.etag(), Concurrency.LAST_WRITE)))
        .isInstanceOf(ETagMismatchException.class);

    store.set(setTtl("t2", "v", "10"));
    store.set(setTtl("t2", "v", "-1"));
    store.set(setTtl("t3", "v", "10"));
    store.set(SetRequest.of("t3", new byte[] {1}));
    clock.advance(Duration.ofSeconds(20));
    assertThat(store.get(GetRequest.of("t2")).metadata()).isEmpty();
    assertThat(store.get(GetRequest.of("t3"))).isNotNull();
    assertThatThrownBy(() -> store.set(setTtl("t4", "v", "foo")))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void withoutTtlAttributeTtlIsIgnoredAsDaprDoes() throws Exception {
    TestClock clock = TestClock.start();
    StateComponent store = open(metadata(), clock);
    store.set(setTtl("t", "v", "1"));
    clock.advance(Duration.ofSeconds(5));
    assertThat(store.get(GetRequest.of("t")).metadata()).isEmpty();
  }

  @Test
  void transactionsAreAtomicAndApplyInOrder() throws Exception {
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
    assertThatThrownBy(
            () ->
                store.transact(
                    List.of(
                        set("key4", "value4", null, Concurrency.LAST_WRITE),
                        DeleteRequest.of("key3"),
                        set("key5", "v", new ETag("bad-etag"), Concurrency.LAST_WRITE)),
                    Map.of()))
        .isInstanceOf(ETagMismatchException.class);
    assertThat(store.get(GetRequest.of("key4"))).isNull();
    assertThat(store.get(GetRequest.of("key3")).etag()).isEqualTo(e3);

    // Folded operations keep the first operation's condition.
    assertThatThrownBy(
            () ->
                store.transact(
                    List.of(
                        set("key3", "a", new ETag("bad-etag"), Concurrency.LAST_WRITE),
                        set("key3", "b", null, Concurrency.LAST_WRITE)),
                    Map.of()))
        .isInstanceOf(ETagMismatchException.class);
    assertThatThrownBy(
            () ->
                store.transact(
                    List.of(
                        set("key3", "a", e3, Concurrency.LAST_WRITE),
                        set("key3", "b", e3, Concurrency.LAST_WRITE)),
                    Map.of()))
        .isInstanceOf(ETagMismatchException.class);
    store.transact(
        List.of(
            set("key3", "a", e3, Concurrency.LAST_WRITE),
            DeleteRequest.of("key3"),
            set("key3", "c", null, Concurrency.FIRST_WRITE)),
        Map.of());
    assertThat(str(store.get(GetRequest.of("key3")))).isEqualTo("c");

    List<StateMutation> tooMany = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      tooMany.add(DeleteRequest.of("x" + i));
    }
    assertThatThrownBy(() -> store.transact(tooMany, Map.of()))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void bulkOperationsBatchAndReportPerItemFailures() throws Exception {
    StateComponent store = open();
    List<SetRequest> many = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      many.add(set("b" + i, "v" + i, null, Concurrency.LAST_WRITE));
    }
    many.add(set("b0", "last-wins", null, Concurrency.LAST_WRITE));
    store.bulkSet(many);

    List<GetRequest> gets = new ArrayList<>();
    gets.add(GetRequest.of("doesnotexist"));
    for (int i = 0; i < 130; i++) {
      gets.add(GetRequest.of("b" + i));
    }
    List<StateItem<byte[]>> got = store.bulkGet(gets);
    assertThat(got).hasSize(131);
    assertThat(got.get(0).value()).isNull();
    assertThat(got.get(0).etag()).isNull();
    assertThat(str(got.get(1))).isEqualTo("last-wins");
    assertThat(str(got.get(130))).isEqualTo("v129");

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
            });
    assertThat(store.get(GetRequest.of("b2")).etag()).isEqualTo(e2);
    assertThat(str(store.get(GetRequest.of("b3")))).isEqualTo("y");
    assertThat(str(store.get(GetRequest.of("b4")))).isEqualTo("z");

    assertThatThrownBy(
            () ->
                store.bulkDelete(
                    List.of(
                        DeleteRequest.ifMatch("b2", e2),
                        DeleteRequest.ifMatch("b6", new ETag("bad-etag")),
                        DeleteRequest.of("b7"),
                        DeleteRequest.of("b7"))))
        .isInstanceOfSatisfying(
            BulkStateException.class, e -> assertThat(e.failures()).containsOnlyKeys("b6"));
    assertThat(store.get(GetRequest.of("b2"))).isNull();
    assertThat(store.get(GetRequest.of("b7"))).isNull();
    assertThat(store.get(GetRequest.of("b6"))).isNotNull();
  }

  @Test
  void usesATableTheUserCreatedWithACustomPartitionKey() throws Exception {
    Map<String, String> md = metadata();
    md.remove("createTable");
    assertThatThrownBy(() -> open(md, Clock.systemUTC()))
        .isInstanceOf(ResourceNotFoundException.class);

    md.put("partitionKey", "ContractID");
    raw.createTable(
        b ->
            b.tableName(md.get("table"))
                .billingMode("PAY_PER_REQUEST")
                .keySchema(
                    KeySchemaElement.builder().attributeName("ContractID").keyType("HASH").build())
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName("ContractID")
                        .attributeType("S")
                        .build()));
    // An item as Dapr writes it: a JSON string value and a hex etag.
    raw.putItem(
        b ->
            b.tableName(md.get("table"))
                .item(
                    Map.of(
                        "ContractID", AttributeValue.fromS("dapr-key"),
                        "value", AttributeValue.fromS("{\"message\":\"hi\"}"),
                        "etag", AttributeValue.fromS("5f3a9c"))));
    StateComponent store = open(md, Clock.systemUTC());
    StateItem<byte[]> item = store.get(GetRequest.of("dapr-key"));
    assertThat(str(item)).isEqualTo("{\"message\":\"hi\"}");
    assertThat(item.etag().value()).isEqualTo("5f3a9c");
    store.set(set("dapr-key", "new", item.etag(), Concurrency.LAST_WRITE));
    assertThat(str(store.get(GetRequest.of("dapr-key")))).isEqualTo("new");
  }

  @Test
  void invalidMetadataIsReportedAtOnce() {
    Map<String, String> md = new HashMap<>();
    md.put("accessKey", "only-half");
    md.put("ttlAttributeName", "etag");
    assertThatThrownBy(() -> open(md, Clock.systemUTC()))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(3)
                    .anySatisfy(p -> assertThat(p).contains("'table' is required"))
                    .anySatisfy(p -> assertThat(p).contains("secretKey"))
                    .anySatisfy(p -> assertThat(p).contains("ttlAttributeName"))
                    .noneSatisfy(p -> assertThat(p).contains("only-half")));
  }

  @Test
  void sixteenThreadsIncrementingWithEtagRetryEndWithTheExactCount() throws Exception {
    StateConcurrencyScenario.incrementWithETagRetry(open(), "counter", 16, 20);
  }
}
