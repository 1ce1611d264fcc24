package dev.plumb.runtime.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.SerializationException;
import dev.plumb.api.UnsupportedFeatureException;
import dev.plumb.api.spi.MetadataField;
import dev.plumb.api.state.BulkStateException;
import dev.plumb.api.state.ETag;
import dev.plumb.api.state.ETagMismatchException;
import dev.plumb.api.state.Filter;
import dev.plumb.api.state.QueryResult;
import dev.plumb.api.state.SaveOptions;
import dev.plumb.api.state.StateFeature;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.StateOperation;
import dev.plumb.api.state.StateQuery;
import dev.plumb.api.state.StateStore;
import dev.plumb.api.state.spi.SetRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DefaultStateStoreTest {
  private static final String KEY1 = "000102030405060708090a0b0c0d0e0f";
  private static final String KEY2 = "101112131415161718191a1b1c1d1e1f1011121314151617";

  record Order(String id, int qty, String status) {}

  private final StateFixture fx = new StateFixture();

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  // ---- key prefixes

  @Test
  void appIdPrefixIsTheDefault() {
    StateStore store = fx.store(Map.of());
    store.save("k", "v");
    assertThat(fx.raw("myapp||k")).isNotNull();
    assertThat(store.get("k", String.class).value()).isEqualTo("v");
    assertThat(store.get("k", String.class).key()).isEqualTo("k");
  }

  @Test
  void appIdPrefixWithoutAppIdStoresTheKeyAsIs() {
    fx.store("", "", Map.of()).save("k", "v");
    assertThat(fx.raw("k")).isNotNull();
  }

  @Test
  void everyStrategyPrefixesAsDaprDoes() {
    fx.store(Map.of("keyPrefix", "name")).save("a", 1);
    fx.store("myapp", "prod", Map.of("keyPrefix", "namespace")).save("b", 1);
    fx.store("myapp", "", Map.of("keyPrefix", "namespace")).save("c", 1);
    fx.store(Map.of("keyPrefix", "NONE")).save("d", 1);
    fx.store(Map.of("KEYPREFIX", "Shared")).save("e", 1);
    fx.store(Map.of("keyPrefix", "AppId")).save("f", 1);
    assertThat(fx.raw("statestore||a")).isNotNull();
    assertThat(fx.raw("prod.myapp||b")).isNotNull();
    assertThat(fx.raw("myapp||c")).isNotNull();
    assertThat(fx.raw("d")).isNotNull();
    assertThat(fx.raw("shared||e")).isNotNull();
    assertThat(fx.raw("myapp||f")).isNotNull();
    assertThat(fx.memory.keysLike("%", null, null).keys()).hasSize(6);
  }

  @Test
  void aPrefixWithTheSeparatorIsAConfigurationError() {
    assertThatThrownBy(() -> fx.store(Map.of("keyPrefix", "a||b")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("statestore")
        .hasMessageContaining("can't contain '||'");
  }

  @Test
  void keysWithTheSeparatorAreRejectedEverywhere() {
    StateStore store = fx.store(Map.of());
    String msg = "input key/keyPrefix 'a||b' can't contain '||'";
    assertThatThrownBy(() -> store.save("a||b", 1))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining(msg)
        .hasMessageContaining("statestore");
    assertThatThrownBy(() -> store.get("a||b", Integer.class)).hasMessageContaining(msg);
    assertThatThrownBy(() -> store.delete("a||b")).hasMessageContaining(msg);
    assertThatThrownBy(() -> store.getBulk(List.of("ok", "a||b"), Integer.class))
        .hasMessageContaining(msg);
    assertThatThrownBy(
            () ->
                store.transact(
                    List.of(StateOperation.upsert("ok", 1), StateOperation.delete("a||b"))))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(fx.raw("myapp||ok")).as("nothing of the rejected transaction applied").isNull();
  }

  // ---- encoding

  @Test
  void valuesAreJsonAndBytesAreVerbatim() {
    StateStore store = fx.store(Map.of());
    store.save("s", "hello world");
    store.save("n", 123);
    store.save("o", new Order("o1", 2, "ACTIVE"));
    byte[] raw = {0x01, (byte) 0xFF};
    store.save("b", raw);
    assertThat(utf8(fx.raw("myapp||s"))).isEqualTo("\"hello world\"");
    assertThat(utf8(fx.raw("myapp||n"))).isEqualTo("123");
    assertThat(utf8(fx.raw("myapp||o")))
        .isEqualTo("{\"id\":\"o1\",\"qty\":2,\"status\":\"ACTIVE\"}");
    assertThat(fx.raw("myapp||b")).containsExactly(raw);
    assertThat(store.get("b", byte[].class).value()).containsExactly(raw);
    assertThat(store.get("s", byte[].class).value())
        .containsExactly("\"hello world\"".getBytes(StandardCharsets.UTF_8));
    assertThat(store.get("o", Order.class).value()).isEqualTo(new Order("o1", 2, "ACTIVE"));
    assertThat(store.get("missing", Order.class)).isNull();
  }

  @Test
  void anUndecodableValueNamesTheKey() {
    fx.memory.set(SetRequest.of("myapp||bad", "not json".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> fx.store(Map.of()).get("bad", Order.class))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("'bad'")
        .hasMessageContaining("statestore");
  }

  @Test
  void optionsBecomeRequestMetadata() {
    StateFixture.RecordingComponent rec =
        new StateFixture.RecordingComponent(fx.memory, fx.memory.features(), 0);
    StateStore store = fx.store("myapp", "", rec, List.of());
    store.save(
        "k",
        "v",
        SaveOptions.builder()
            .ttl(Duration.ofMillis(1500))
            .contentType("application/json")
            .metadata("custom", "x")
            .build());
    store.save("k", "v", SaveOptions.builder().ttl(Duration.ofSeconds(-5)).build());
    assertThat(rec.sets.get(0).metadata())
        .containsEntry("ttlInSeconds", "2")
        .containsEntry("contentType", "application/json")
        .containsEntry("custom", "x");
    assertThat(rec.sets.get(1).metadata()).containsEntry("ttlInSeconds", "-1");
  }

  @Test
  void serializedValuesAreDeclaredJsonAndBytesAreNot() {
    StateFixture.RecordingComponent rec =
        new StateFixture.RecordingComponent(fx.memory, fx.memory.features(), 0);
    StateStore store = fx.store("myapp", "", rec, List.of());

    store.save("object", Map.of("a", 1));
    store.save("bytes", "{\"a\": 1}".getBytes(StandardCharsets.UTF_8));
    store.save(
        "declared",
        "{}".getBytes(StandardCharsets.UTF_8),
        SaveOptions.builder().contentType("application/cloudevents+json").build());

    assertThat(rec.sets.get(0).metadata()).containsEntry("contentType", "application/json");
    assertThat(rec.sets.get(1).metadata()).doesNotContainKey("contentType");
    assertThat(rec.sets.get(2).metadata())
        .containsEntry("contentType", "application/cloudevents+json");
  }

  @Test
  void ttlExpiresOnTheInjectedClock() {
    StateStore store = fx.store(Map.of());
    store.save("t", "v", SaveOptions.builder().ttl(Duration.ofSeconds(10)).build());
    StateItem<String> item = store.get("t", String.class);
    assertThat(item.ttlExpireTime()).contains(fx.clock.instant().plusSeconds(10));
    fx.clock.advance(Duration.ofSeconds(9));
    assertThat(store.get("t", String.class)).isNotNull();
    fx.clock.advance(Duration.ofSeconds(1));
    assertThat(store.get("t", String.class)).isNull();
    assertThat(store.getBulk(List.of("t"), String.class).get(0).value()).isNull();
  }

  // ---- bulk, etags, transactions

  @Test
  void bulkFailuresAreReportedByUserKey() {
    StateStore store = fx.store(Map.of());
    store.save("a", 1);
    ETag etag = store.get("a", Integer.class).etag();
    assertThatThrownBy(
            () ->
                store.saveBulk(
                    List.of(
                        StateOperation.upsert("a", 2, SaveOptions.ifMatch(etag)),
                        StateOperation.upsert("b", 3, SaveOptions.ifMatch(new ETag("999"))))))
        .isInstanceOfSatisfying(
            BulkStateException.class,
            e -> {
              assertThat(e.failures()).containsOnlyKeys("b");
              assertThat(e.failures().get("b")).isInstanceOf(ETagMismatchException.class);
            });
    assertThat(store.get("a", Integer.class).value()).isEqualTo(2);
    List<StateItem<Integer>> items = store.getBulk(List.of("a", "nope"), Integer.class);
    assertThat(items).extracting(StateItem::key).containsExactly("a", "nope");
    assertThat(items.get(1).value()).isNull();
    store.deleteBulk(List.of(StateOperation.delete("a"), StateOperation.delete("nope")));
    assertThat(fx.raw("myapp||a")).isNull();
  }

  @Test
  void transactionsApplyInOrderAllOrNothing() {
    StateStore store = fx.store(Map.of());
    store.save("x", 1);
    ETag stale = store.get("x", Integer.class).etag();
    store.transact(
        List.of(
            StateOperation.delete("x"),
            StateOperation.upsert("y", 2),
            StateOperation.upsert("y", 3)));
    assertThat(store.get("x", Integer.class)).isNull();
    assertThat(store.get("y", Integer.class).value()).isEqualTo(3);
    assertThatThrownBy(
            () ->
                store.transact(
                    List.of(
                        StateOperation.upsert("z", 4),
                        StateOperation.upsert("x", 5, SaveOptions.ifMatch(stale)))))
        .isInstanceOf(ETagMismatchException.class);
    assertThat(store.get("z", Integer.class)).isNull();
  }

  @Test
  void transactionsNeedTheFeatureAndRespectTheLimit() {
    StateStore plain =
        fx.store(
            "myapp",
            "",
            new StateFixture.RecordingComponent(fx.memory, EnumSet.of(StateFeature.ETAG), 0),
            List.of());
    assertThatThrownBy(() -> plain.transact(List.of(StateOperation.upsert("a", 1))))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage("state store statestore doesn't support transactions");
    StateStore limited =
        fx.store(
            "myapp",
            "",
            new StateFixture.RecordingComponent(
                fx.memory, EnumSet.of(StateFeature.TRANSACTIONAL), 2),
            List.of());
    List<StateOperation> three =
        List.of(
            StateOperation.upsert("a", 1),
            StateOperation.upsert("b", 1),
            StateOperation.upsert("c", 1));
    assertThatThrownBy(() -> limited.transact(three))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("3 operations")
        .hasMessageContaining("supports: 2");
    limited.transact(three.subList(0, 2));
    assertThat(fx.raw("myapp||b")).isNotNull();
  }

  @Test
  void aTtlOnAStoreWithoutTtlIsRefusedNotIgnored() {
    StateStore store =
        fx.store(
            "myapp",
            "",
            new StateFixture.RecordingComponent(fx.memory, EnumSet.of(StateFeature.ETAG), 0),
            List.of());

    assertThatThrownBy(() -> store.save("k", 1, SaveOptions.ttl(Duration.ofSeconds(5))))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "state store statestore cannot expire values (it has no TTL feature); ttlInSeconds 5"
                + " is refused rather than ignored");
    assertThat(fx.raw("myapp||k")).isNull();
    store.save("k", 1, SaveOptions.ttl(Duration.ofSeconds(-1)));
    assertThat(fx.raw("myapp||k")).isNotNull();
  }

  // ---- query

  private StateStore seedOrders() {
    StateStore store = fx.store(Map.of());
    store.save("o1", new Order("o1", 5, "ACTIVE"));
    store.save("o2", new Order("o2", 12, "ACTIVE"));
    store.save("o3", new Order("o3", 7, "INACTIVE"));
    store.save("o4", new Order("o4", 9, "ACTIVE"));
    store.save("raw", new byte[] {0x01});
    return store;
  }

  @Test
  void queryThroughJsonStripsPrefixesAndPages() {
    StateStore store = seedOrders();
    String json =
        "{\"filter\":{\"AND\":[{\"EQ\":{\"status\":\"ACTIVE\"}},{\"GTE\":{\"qty\":6}}]},"
            + "\"sort\":[{\"key\":\"qty\",\"order\":\"DESC\"}],\"page\":{\"limit\":1}}";
    QueryResult<Order> first = store.query(json, Order.class);
    assertThat(first.items()).extracting(StateItem::key).containsExactly("o2");
    assertThat(first.items().get(0).value()).isEqualTo(new Order("o2", 12, "ACTIVE"));
    assertThat(first.token()).isNotNull();
    String next = json.replace("\"limit\":1}", "\"limit\":1,\"token\":\"" + first.token() + "\"}");
    QueryResult<Order> second = store.query(next, Order.class);
    assertThat(second.items()).extracting(StateItem::key).containsExactly("o4");
    assertThat(second.token()).isNull();

    QueryResult<Order> typed =
        store.query(StateQuery.of(Filter.in("id", List.of("o1", "o3"))), Order.class);
    assertThat(typed.items()).extracting(StateItem::key).containsExactly("o1", "o3");
    assertThat(store.query("{}", Order.class).items()).hasSize(4);
  }

  @Test
  void malformedJsonQueriesFailWithDaprMessages() {
    StateStore store = seedOrders();
    assertThatThrownBy(
            () -> store.query("{\"filter\":{\"AND\":[{\"EQ\":{\"a\":1}}]}}", Order.class))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("AND filter must contain at least two entries");
    assertThatThrownBy(
            () -> store.query("{\"filter\":{\"EQ\":{\"a\":1},\"NEQ\":{\"b\":2}}}", Order.class))
        .hasMessage("filter unit must have a single element");
    assertThatThrownBy(() -> store.query("{\"filter\":{\"LIKE\":{\"a\":1}}}", Order.class))
        .hasMessage("unsupported filter \"LIKE\"");
    assertThatThrownBy(() -> store.query("{\"filter\":{\"IN\":{\"a\":1}}}", Order.class))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(
            () -> store.query("{\"sort\":[{\"key\":\"a\",\"order\":\"UP\"}]}", Order.class))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> store.query("{not json", Order.class))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void queryNeedsTheFeature() {
    StateStore plain =
        fx.store(
            "myapp",
            "",
            new StateFixture.RecordingComponent(fx.memory, EnumSet.of(StateFeature.ETAG), 0),
            List.of());
    assertThatThrownBy(() -> plain.query("{}", String.class))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("statestore");
  }

  // ---- encryption

  private StateStore encrypted(String primary, String secondary) {
    List<MetadataField> fields = new ArrayList<>();
    fields.add(new MetadataField("primaryEncryptionKey", primary, true, 0));
    if (secondary != null) {
      fields.add(new MetadataField("secondaryEncryptionKey", secondary, true, 0));
    }
    return fx.store("myapp", "", fx.memory, fields);
  }

  @Test
  void encryptedValuesRoundTripAndAreNotStoredInPlain() {
    StateStore store = encrypted(KEY1, null);
    store.save("secret", new Order("order-plaintext", 1, "ACTIVE"));
    store.save("bytes", "raw-plaintext".getBytes(StandardCharsets.UTF_8));
    String stored = utf8(fx.raw("myapp||secret"));
    assertThat(stored).doesNotContain("order-plaintext");
    assertThat(stored)
        .endsWith("||" + StateEncryption.fingerprint(java.util.HexFormat.of().parseHex(KEY1)));
    assertThat(utf8(fx.raw("myapp||bytes"))).doesNotContain("raw-plaintext");
    assertThat(store.get("secret", Order.class).value())
        .isEqualTo(new Order("order-plaintext", 1, "ACTIVE"));
    assertThat(store.get("bytes", byte[].class).value())
        .isEqualTo("raw-plaintext".getBytes(StandardCharsets.UTF_8));
    store.save("again", new Order("order-plaintext", 1, "ACTIVE"));
    assertThat(fx.raw("myapp||again")).as("random nonce").isNotEqualTo(fx.raw("myapp||secret"));
  }

  @Test
  void rotationKeepsOldDataReadable() {
    encrypted(KEY1, null).save("old", "written with key 1");
    StateStore rotated = encrypted(KEY2, KEY1);
    assertThat(rotated.get("old", String.class).value()).isEqualTo("written with key 1");
    rotated.save("new", "written with key 2");
    assertThat(utf8(fx.raw("myapp||new")))
        .endsWith("||" + StateEncryption.fingerprint(java.util.HexFormat.of().parseHex(KEY2)));
    StateStore onlyNew = encrypted(KEY2, null);
    assertThat(onlyNew.get("new", String.class).value()).isEqualTo("written with key 2");
    assertThatThrownBy(() -> onlyNew.get("old", String.class))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("'old'");
  }

  @Test
  void daprWrittenValuesWithASecretNameSuffixDecryptByTrial() {
    encrypted(KEY1, null).save("dapr", "from dapr");
    String stored = utf8(fx.raw("myapp||dapr"));
    String daprForm = stored.substring(0, stored.lastIndexOf("||")) + "||mysecret";
    fx.memory.set(SetRequest.of("myapp||dapr", daprForm.getBytes(StandardCharsets.UTF_8)));
    assertThat(encrypted(KEY2, KEY1).get("dapr", String.class).value()).isEqualTo("from dapr");
  }

  @Test
  void encryptionKeysMustBeSecretsOfAValidSize() {
    List<MetadataField> plain = List.of(new MetadataField("primaryEncryptionKey", KEY1, false, 0));
    assertThatThrownBy(() -> fx.store("myapp", "", fx.memory, plain))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("secretKeyRef")
        .hasMessageNotContaining(KEY1);
    assertThatThrownBy(() -> encrypted("abcd", null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("128, 192 or 256 bits")
        .hasMessageNotContaining("abcd");
    assertThatThrownBy(() -> encrypted("zz" + KEY1.substring(2), null))
        .isInstanceOf(ConfigurationException.class);
  }

  // ---- async

  @Test
  void asyncTwinsBehaveLikeTheBlockingCalls() {
    StateStore store = fx.store(Map.of());
    store.async().save("a", new Order("a", 1, "ACTIVE")).toCompletableFuture().join();
    assertThat(store.async().get("a", Order.class).toCompletableFuture().join().value())
        .isEqualTo(new Order("a", 1, "ACTIVE"));
    store
        .async()
        .saveBulk(List.of(StateOperation.upsert("b", 2), StateOperation.upsert("c", 3)))
        .toCompletableFuture()
        .join();
    assertThat(store.async().getBulk(List.of("b", "c"), Integer.class).toCompletableFuture().join())
        .extracting(StateItem::value)
        .containsExactly(2, 3);
    store
        .async()
        .transact(List.of(StateOperation.delete("b"), StateOperation.upsert("d", 4)), Map.of())
        .toCompletableFuture()
        .join();
    assertThat(store.get("b", Integer.class)).isNull();
    store.async().delete("c").toCompletableFuture().join();
    store.async().deleteBulk(List.of(StateOperation.delete("d"))).toCompletableFuture().join();
    assertThat(store.getBulk(List.of("c", "d"), Integer.class))
        .extracting(StateItem::value)
        .containsOnlyNulls();
    assertThat(
            store
                .async()
                .query(StateQuery.of(Filter.eq("id", "a")), Order.class)
                .toCompletableFuture()
                .join()
                .items())
        .extracting(StateItem::key)
        .containsExactly("a");
    assertThatThrownBy(() -> store.async().save("x||y", 1).toCompletableFuture().join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(InvalidRequestException.class);
  }
}
