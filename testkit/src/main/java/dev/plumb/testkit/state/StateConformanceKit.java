package dev.plumb.testkit.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.UnsupportedFeatureException;
import dev.plumb.api.state.BulkStateException;
import dev.plumb.api.state.Concurrency;
import dev.plumb.api.state.Consistency;
import dev.plumb.api.state.ETag;
import dev.plumb.api.state.ETagInvalidException;
import dev.plumb.api.state.ETagMismatchException;
import dev.plumb.api.state.Filter;
import dev.plumb.api.state.QueryResult;
import dev.plumb.api.state.StateFeature;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.StateQuery;
import dev.plumb.api.state.spi.DeleteRequest;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.KeysPage;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.api.state.spi.StateComponents;
import dev.plumb.api.state.spi.StateMutation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The state component conformance kit: Dapr's {@code tests/conformance/state} scenarios (SEMANTICS
 * §13.1, ids ST-01..ST-54) and Plumb's own (PL-01..PL-07: keys byte for byte, bytes round-trip,
 * malformed etags, refused requests write nothing, concurrent bulk saves, odd keys, large values)
 * against one {@link StateComponent}. A provider's test extends this class and implements {@link
 * #createComponent()}; every scenario gets a fresh component, which the kit closes, and keys unique
 * to the scenario, so scenarios are independent.
 *
 * <p>The component's {@link StateComponent#features()} is the configuration: a scenario for a
 * feature the component lists checks the feature's behaviour; for a feature it does not list, the
 * same scenario checks Dapr's "else" branch instead (the optional method throws {@link
 * UnsupportedFeatureException}, stores without {@code ETAG} return no etags, stores without {@code
 * TTL} ignore {@code ttlInSeconds}). Nothing is skipped. First-write scenarios are gated on {@code
 * ETAG}.
 *
 * <p>Values are encoded as the runtime encodes them: {@code byte[]} as is, anything else as JSON
 * (Jackson), so the string {@code hello world} is stored as {@code "hello world"}.
 *
 * <p>Time: expiry scenarios call {@link #advanceTime(Duration)} and then poll for up to {@link
 * #ttlTimeout()}. The default waits real time, as a real server needs; a component on an injected
 * {@code TestClock} overrides it to move the clock and runs in milliseconds.
 */
public abstract class StateConformanceKit {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration EXPIRE_TIME_TOLERANCE = Duration.ofMinutes(10);

  /** The component under test, fresh for each scenario. */
  protected StateComponent component;

  /** A unique base key for the scenario: a UUID without dashes. */
  protected String k;

  /**
   * Creates a fresh, started component isolated from those of other scenarios (its own table,
   * prefix or database where the backing service is shared). The kit closes it after the scenario.
   *
   * @return the component
   * @throws Exception if it cannot be created
   */
  protected abstract StateComponent createComponent() throws Exception;

  /**
   * How long to poll for an expired value to disappear once its TTL has passed.
   *
   * @return 3 seconds by default (Dapr polls every 200 ms for up to 3 s)
   */
  protected Duration ttlTimeout() {
    return Duration.ofSeconds(3);
  }

  /**
   * Lets time pass for the component. The default waits in real time; override to advance an
   * injected clock instead.
   *
   * @param duration how much time passes
   */
  protected void advanceTime(Duration duration) {
    await()
        .pollDelay(duration)
        .atMost(duration.plusSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> true);
  }

  /**
   * Returns the current time as the component sees it, for checking {@code ttlExpireTime}.
   *
   * @return {@link Instant#now()} by default
   */
  protected Instant now() {
    return Instant.now();
  }

  /**
   * Returns an etag the component never issues; Dapr's {@code badEtag} config.
   *
   * @return {@code bad-etag} by default; stores with numeric etags may use a large number
   */
  protected String badEtag() {
    return "bad-etag";
  }

  @BeforeEach
  void createComponentForScenario() throws Exception {
    k = UUID.randomUUID().toString().replace("-", "");
    component = createComponent();
  }

  @AfterEach
  void closeComponent() throws Exception {
    if (component != null) {
      component.close();
    }
  }

  // ---------------------------------------------------------------- init, ping, set/get

  @Test
  @DisplayName("ST-01 init: the component starts and reports its features")
  void st01Init() {
    assertThat(component).isNotNull();
    assertThat(component.features()).isNotNull().doesNotContainNull();
  }

  @Test
  @DisplayName("ST-02 ping: succeeds against a started component")
  void st02Ping() {
    assertThatCode(component::ping).doesNotThrowAnyException();
  }

  static Stream<Arguments> setGetScenarios() {
    return Stream.of(
        scenario("ST-03", "-int", kk -> 123, false),
        scenario("ST-04", "-bool", kk -> true, false),
        scenario("ST-05", "-bytes", kk -> new byte[] {0x01}, false),
        scenario("ST-06", "-string-with-json", kk -> "{\"a\":\"b\"}", false),
        scenario("ST-07", "-string", kk -> "hello world", false),
        scenario("ST-08", "-empty-string", kk -> "", false),
        scenario("ST-09", "-struct", kk -> Map.of("message", "test" + kk), true),
        scenario("ST-10", "-struct-operations", kk -> operations(kk, 15, "ACTIVE"), true),
        scenario(
            "ST-11", "-struct-operations-inactive", kk -> operations(kk, 12, "INACTIVE"), true),
        scenario("ST-12", "-struct-2", kk -> Map.of("message", kk + "test"), true),
        scenario("ST-13", "-struct-with-int", kk -> Map.of("message", 42), true));
  }

  private static Arguments scenario(
      String id, String suffix, Function<String, Object> value, boolean json) {
    return Arguments.of(id, suffix, value, json);
  }

  private static Map<String, Object> operations(String kk, int value, String status) {
    return Map.of("product", Map.of("value", value), "status", status, "message", kk + "message");
  }

  @ParameterizedTest(name = "{0} set and get key{1}")
  @MethodSource("setGetScenarios")
  @DisplayName("ST-03..13 set and get: the value reads back equal (bytes exactly)")
  void st03to13SetGet(String id, String suffix, Function<String, Object> value, boolean json)
      throws Exception {
    Object v = value.apply(k);
    component.set(set(k + suffix, v, json ? jsonContentType() : Map.of()));
    StateItem<byte[]> item = component.get(GetRequest.of(k + suffix));
    assertThat(item).as("%s get %s", id, suffix).isNotNull();
    assertValue(item.value(), v);
  }

  @Test
  @DisplayName("ST-14 set and get protobuf bytes: binary-safe, byte-exact, non-UTF-8")
  void st14ProtoBytes() throws Exception {
    // A protobuf message with int32 field 1 = -1: tag 0x08, then -1 as a 10-byte varint.
    byte[] proto = {
      0x08,
      (byte) 0xFF,
      (byte) 0xFF,
      (byte) 0xFF,
      (byte) 0xFF,
      (byte) 0xFF,
      (byte) 0xFF,
      (byte) 0xFF,
      (byte) 0xFF,
      (byte) 0xFF,
      0x01
    };
    component.set(SetRequest.of(k + "-proto", proto));
    byte[] read = component.get(GetRequest.of(k + "-proto")).value();
    assertThat(read).containsExactly(proto);
    assertThat(read[0]).isEqualTo((byte) 0x08);
    long varint = 0;
    for (int i = 1, shift = 0; i < read.length; i++, shift += 7) {
      varint |= (long) (read[i] & 0x7F) << shift;
    }
    assertThat((int) varint).isEqualTo(-1);
  }

  // ---------------------------------------------------------------- query

  private void seedQueryData() throws Exception {
    component.set(set(k + "-struct", Map.of("message", "test" + k), jsonContentType()));
    component.set(set(k + "-struct-operations", operations(k, 15, "ACTIVE"), jsonContentType()));
    component.set(
        set(k + "-struct-operations-inactive", operations(k, 12, "INACTIVE"), jsonContentType()));
    component.set(set(k + "-struct-2", Map.of("message", k + "test"), jsonContentType()));
  }

  private List<String> queryKeys(Filter filter, Map<String, String> extraMetadata)
      throws Exception {
    Map<String, String> metadata = new HashMap<>(jsonContentType());
    metadata.put("queryIndexName", "qIndx");
    metadata.putAll(extraMetadata);
    QueryResult<byte[]> result = component.query(StateQuery.of(filter), metadata);
    List<String> keys = new ArrayList<>();
    for (StateItem<byte[]> item : result.items()) {
      keys.add(item.key());
    }
    return keys;
  }

  private void queryScenario(Filter filter, Map<String, String> metadata, String... expected)
      throws Exception {
    seedQueryData();
    if (!has(StateFeature.QUERY_API)) {
      assertUnsupported(() -> component.query(StateQuery.of(filter), Map.of()));
      return;
    }
    List<String> want = new ArrayList<>();
    for (String suffix : expected) {
      want.add(k + suffix);
    }
    assertThat(queryKeys(filter, metadata)).containsExactlyElementsOf(want);
  }

  @Test
  @DisplayName("ST-15 query OR[EQ, IN] finds exactly -struct")
  void st15QueryOrEqIn() throws Exception {
    queryScenario(
        Filter.or(
            Filter.eq("message", "dummy"), Filter.in("message", List.of("test" + k, "dummy"))),
        Map.of(),
        "-struct");
  }

  @Test
  @DisplayName("ST-16 query AND[EQ, GTE, LT, NEQ] on a nested number finds -struct-operations")
  void st16QueryAnd() throws Exception {
    queryScenario(
        Filter.and(
            Filter.eq("message", k + "message"),
            Filter.gte("product.value", 10),
            Filter.lt("product.value", 20),
            Filter.neq("status", "INACTIVE")),
        Map.of(),
        "-struct-operations");
  }

  @Test
  @DisplayName(
      "ST-17 query OR[AND, AND] comparing int with float finds -struct-operations-inactive")
  void st17QueryOrOfAnds() throws Exception {
    queryScenario(
        Filter.or(
            Filter.and(
                Filter.eq("message", k + "message"),
                Filter.gt("product.value", 11.1),
                Filter.eq("status", "INACTIVE")),
            Filter.and(
                Filter.eq("message", k + "message"),
                Filter.lte("product.value", 0.5),
                Filter.eq("status", "ACTIVE"))),
        Map.of(),
        "-struct-operations-inactive");
  }

  @Test
  @DisplayName("ST-18 query OR[EQ, IN] finds -struct then -struct-2, in order")
  void st18QueryTwoResults() throws Exception {
    queryScenario(
        Filter.or(
            Filter.eq("message", k + "test"), Filter.in("message", List.of("test" + k, "dummy"))),
        Map.of(),
        "-struct",
        "-struct-2");
  }

  @Test
  @DisplayName("ST-19 query with partitionKey: honoured with PARTITION_KEY, else ignored")
  void st19QueryPartitionKey() throws Exception {
    Filter filter =
        Filter.or(
            Filter.eq("message", k + "test"), Filter.in("message", List.of("test" + k, "dummy")));
    Map<String, String> metadata = Map.of("partitionKey", k + "-struct-2");
    if (has(StateFeature.PARTITION_KEY)) {
      queryScenario(filter, metadata, "-struct-2");
    } else {
      queryScenario(filter, metadata, "-struct", "-struct-2");
    }
  }

  @Test
  @DisplayName("ST-20 query feature: QUERY_API listed iff query answers (no filter = all values)")
  void st20QueryFeatureConsistency() throws Exception {
    component.set(set(k + "-struct", Map.of("message", "test" + k), jsonContentType()));
    if (!has(StateFeature.QUERY_API)) {
      assertUnsupported(() -> component.query(StateQuery.of(null), Map.of()));
      return;
    }
    QueryResult<byte[]> all = component.query(StateQuery.of(null), jsonContentType());
    assertThat(all.items()).extracting(StateItem::key).contains(k + "-struct");
  }

  // ---------------------------------------------------------------- delete, bulk

  @Test
  @DisplayName("ST-21 delete: existing and never-written keys; get then returns nothing")
  void st21Delete() throws Exception {
    component.set(set(k + "-to-be-deleted", "to be deleted", Map.of()));
    assertThat(component.get(GetRequest.of(k + "-to-be-deleted"))).isNotNull();
    component.delete(DeleteRequest.of(k + "-to-be-deleted"));
    assertMissing(k + "-to-be-deleted");
    for (String never : List.of("-trx-int", "-trx-bool", "-trx-bytes", "-trx-to-be-deleted")) {
      component.delete(DeleteRequest.of(k + never));
      assertMissing(k + never);
    }
  }

  private Map<String, Object> bulkValues() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(k + "-bulk-int", 123);
    m.put(k + "-bulk-bool", true);
    m.put(k + "-bulk-bytes", new byte[] {0x01});
    m.put(k + "-bulk-string", "hello world");
    m.put(k + "-bulk-struct", Map.of("message", "test"));
    m.put(k + "-bulk-to-be-deleted", "to be deleted");
    m.put(k + "-bulk-to-be-deleted-too", "to be deleted too");
    return m;
  }

  private void bulkSet(Map<String, Object> values) throws Exception {
    List<SetRequest> requests = new ArrayList<>();
    values.forEach((key, v) -> requests.add(set(key, v, Map.of())));
    component.bulkSet(requests);
  }

  @Test
  @DisplayName("ST-22 bulkSet of 7 items: each is readable")
  void st22BulkSet() throws Exception {
    Map<String, Object> values = bulkValues();
    bulkSet(values);
    for (Map.Entry<String, Object> e : values.entrySet()) {
      StateItem<byte[]> item = component.get(GetRequest.of(e.getKey()));
      assertThat(item).as(e.getKey()).isNotNull();
      assertValue(item.value(), e.getValue());
    }
  }

  @Test
  @DisplayName("ST-23 bulkGet: all keys in order; a missing key has no data and no error")
  void st23BulkGet() throws Exception {
    Map<String, Object> values = bulkValues();
    bulkSet(values);
    List<GetRequest> requests = new ArrayList<>();
    values.keySet().forEach(key -> requests.add(GetRequest.of(key)));
    List<StateItem<byte[]>> items = component.bulkGet(requests);
    assertThat(items).hasSize(values.size());
    List<String> keys = new ArrayList<>(values.keySet());
    for (int i = 0; i < keys.size(); i++) {
      assertThat(items.get(i).key()).isEqualTo(keys.get(i));
      assertValue(items.get(i).value(), values.get(keys.get(i)));
    }

    String missing = k + "-doesnotexist";
    List<StateItem<byte[]>> mixed =
        component.bulkGet(List.of(GetRequest.of(missing), GetRequest.of(keys.get(0))));
    assertThat(mixed).hasSize(2);
    assertThat(mixed.get(0).key()).isEqualTo(missing);
    assertThat(mixed.get(0).value()).isNull();
    assertThat(mixed.get(0).etag()).isNull();
    assertValue(mixed.get(1).value(), 123);

    assertThat(component.bulkGet(List.of())).isEmpty();
  }

  @Test
  @DisplayName("ST-24 bulkDelete of 2 keys: both gone, the others kept")
  void st24BulkDelete() throws Exception {
    bulkSet(bulkValues());
    component.bulkDelete(
        List.of(
            DeleteRequest.of(k + "-bulk-to-be-deleted"),
            DeleteRequest.of(k + "-bulk-to-be-deleted-too")));
    assertMissing(k + "-bulk-to-be-deleted");
    assertMissing(k + "-bulk-to-be-deleted-too");
    assertThat(component.get(GetRequest.of(k + "-bulk-int"))).isNotNull();
  }

  // ---------------------------------------------------------------- transactions

  private void transact(List<StateMutation> ops) throws Exception {
    component.transact(ops, Map.of("partitionKey", "myPartition"));
  }

  @Test
  @DisplayName("ST-25 transactions in 4 groups: each group's upserts visible, its deletes gone")
  void st25TransactionGroups() throws Exception {
    if (!has(StateFeature.TRANSACTIONAL)) {
      assertUnsupported(
          () -> component.transact(List.of(set(k + "-trx-int", 123, Map.of())), Map.of()));
      return;
    }
    Map<String, Object> group1 = new LinkedHashMap<>();
    group1.put(k + "-trx-int", 123);
    group1.put(k + "-trx-bool", true);
    group1.put(k + "-trx-bytes", new byte[] {0x01});
    group1.put(k + "-trx-string", "hello world");
    group1.put(k + "-trx-to-be-deleted", "to be deleted");
    List<StateMutation> ops = new ArrayList<>();
    group1.forEach((key, v) -> ops.add(set(key, v, Map.of())));
    transact(ops);
    for (Map.Entry<String, Object> e : group1.entrySet()) {
      assertValue(component.get(GetRequest.of(e.getKey())).value(), e.getValue());
    }

    transact(
        List.of(
            set(k + "-trx-struct", Map.of("message", "test"), Map.of()),
            DeleteRequest.of(k + "-trx-to-be-deleted")));
    assertValue(component.get(GetRequest.of(k + "-trx-struct")).value(), Map.of("message", "test"));
    assertMissing(k + "-trx-to-be-deleted");

    transact(List.of(set(k + "-trx-to-be-deleted-too", "to be deleted too", Map.of())));
    assertValue(
        component.get(GetRequest.of(k + "-trx-to-be-deleted-too")).value(), "to be deleted too");

    transact(List.of(DeleteRequest.of(k + "-trx-to-be-deleted-too")));
    assertMissing(k + "-trx-to-be-deleted-too");
  }

  @Test
  @DisplayName("ST-26 transaction deleting a missing key succeeds")
  void st26TransactionDeleteMissing() throws Exception {
    if (!has(StateFeature.TRANSACTIONAL)) {
      assertUnsupported(
          () -> component.transact(List.of(DeleteRequest.of(k + "-non-existent-key")), Map.of()));
      return;
    }
    assertThatCode(() -> transact(List.of(DeleteRequest.of(k + "-non-existent-key"))))
        .doesNotThrowAnyException();
    assertMissing(k + "-non-existent-key");
  }

  @Test
  @DisplayName("ST-27 transaction applies operations in order (delete, upsert, delete, upsert)")
  void st27TransactionOrder() throws Exception {
    String key1 = k + "-key1";
    String key2 = k + "-key2";
    String key3 = k + "-key3";
    component.set(set(key1, "value1", Map.of()));
    component.delete(DeleteRequest.of(key2));
    component.delete(DeleteRequest.of(key3));
    List<StateMutation> ops =
        List.of(
            DeleteRequest.of(key1),
            set(key2, "value2", Map.of()),
            DeleteRequest.of(key2),
            set(key3, "value3", Map.of()));
    if (!has(StateFeature.TRANSACTIONAL)) {
      assertUnsupported(() -> component.transact(ops, Map.of()));
      return;
    }
    transact(ops);
    assertMissing(key1);
    assertMissing(key2);
    assertThat(component.get(GetRequest.of(key3)).value())
        .containsExactly("\"value3\"".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("ST-28 transaction upserting JSON bytes with and without contentType reads back")
  void st28TransactionSerialization() throws Exception {
    byte[] doc = "{\"id\":1223,\"name\":\"test\"}".getBytes(StandardCharsets.UTF_8);
    List<StateMutation> ops =
        List.of(
            new SetRequest(
                k + "-json-ct",
                doc,
                null,
                Concurrency.LAST_WRITE,
                Consistency.EVENTUAL,
                jsonContentType()),
            SetRequest.of(k + "-json-raw", doc));
    if (!has(StateFeature.TRANSACTIONAL)) {
      assertUnsupported(() -> component.transact(ops, Map.of()));
      return;
    }
    transact(ops);
    JsonNode expected = JSON.readTree(doc);
    assertThat(JSON.readTree(component.get(GetRequest.of(k + "-json-ct")).value()))
        .isEqualTo(expected);
    assertThat(JSON.readTree(component.get(GetRequest.of(k + "-json-raw")).value()))
        .isEqualTo(expected);
  }

  @Test
  @DisplayName("ST-29 transaction feature: TRANSACTIONAL listed iff transact works")
  void st29TransactionFeatureConsistency() throws Exception {
    List<StateMutation> ops = List.of(set(k + "-trx-feature", "v", Map.of()));
    if (!has(StateFeature.TRANSACTIONAL)) {
      assertUnsupported(() -> component.transact(ops, Map.of()));
      assertMissing(k + "-trx-feature");
      return;
    }
    component.transact(ops, Map.of());
    assertValue(component.get(GetRequest.of(k + "-trx-feature")).value(), "v");
    assertThat(component.maxTransactionOperations()).isNotNegative();
  }

  // ---------------------------------------------------------------- etags

  private void seedEtags() throws Exception {
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 1; i <= 4; i++) {
      values.put(k + "-etag" + i, "first-value");
    }
    bulkSet(values);
  }

  private String etagKey(int i) {
    return k + "-etag" + i;
  }

  private ETag etagOf(String key) throws Exception {
    StateItem<byte[]> item = component.get(GetRequest.of(key));
    assertThat(item).as("item %s", key).isNotNull();
    assertThat(item.etag()).as("etag of %s", key).isNotNull();
    assertThat(item.etag().value()).isNotEmpty();
    return item.etag();
  }

  private SetRequest setWithEtag(String key, Object value, ETag etag) {
    return new SetRequest(
        key, bytes(value), etag, Concurrency.LAST_WRITE, Consistency.EVENTUAL, Map.of());
  }

  /** The "else" branch of the etag scenarios: a store without ETAG returns no etags. */
  private void assertNoEtags() throws Exception {
    seedEtags();
    StateItem<byte[]> item = component.get(GetRequest.of(etagKey(1)));
    assertValue(item.value(), "first-value");
    assertThat(item.etag()).as("a store without ETAG returns no etag").isNull();
  }

  @Test
  @DisplayName("ST-30 etags: get and bulkGet return non-empty etags")
  void st30Etags() throws Exception {
    if (!has(StateFeature.ETAG)) {
      assertNoEtags();
      return;
    }
    seedEtags();
    etagOf(etagKey(1));
    List<StateItem<byte[]>> items =
        component.bulkGet(
            List.of(
                GetRequest.of(etagKey(2)), GetRequest.of(etagKey(3)), GetRequest.of(etagKey(4))));
    assertThat(items).hasSize(3);
    for (StateItem<byte[]> item : items) {
      assertThat(item.etag()).as("etag of %s", item.key()).isNotNull();
      assertThat(item.etag().value()).isNotEmpty();
    }
  }

  @Test
  @DisplayName("ST-31 set with a bad etag fails with an etag mismatch")
  void st31SetBadEtag() throws Exception {
    if (!has(StateFeature.ETAG)) {
      assertNoEtags();
      return;
    }
    seedEtags();
    ETag before = etagOf(etagKey(1));
    assertThatThrownBy(
            () -> component.set(setWithEtag(etagKey(1), "second-value", new ETag(badEtag()))))
        .isInstanceOf(ETagMismatchException.class);
    assertValue(component.get(GetRequest.of(etagKey(1))).value(), "first-value");
    assertThat(etagOf(etagKey(1))).isEqualTo(before);
  }

  @Test
  @DisplayName("ST-32 set with the current etag succeeds and issues a new etag")
  void st32SetGoodEtag() throws Exception {
    if (!has(StateFeature.ETAG)) {
      assertNoEtags();
      return;
    }
    seedEtags();
    ETag e0 = etagOf(etagKey(1));
    component.set(setWithEtag(etagKey(1), "second-value", e0));
    StateItem<byte[]> after = component.get(GetRequest.of(etagKey(1)));
    assertValue(after.value(), "second-value");
    assertThat(after.etag()).isNotNull().isNotEqualTo(e0);
  }

  @Test
  @DisplayName(
      "ST-33 bulkSet with one bad etag: one BulkStateException entry, the good one applied")
  void st33BulkSetOneBadEtag() throws Exception {
    if (!has(StateFeature.ETAG)) {
      assertNoEtags();
      return;
    }
    seedEtags();
    ETag e2 = etagOf(etagKey(2));
    ETag e3 = etagOf(etagKey(3));
    Throwable t =
        catchThrowable(
            () ->
                component.bulkSet(
                    List.of(
                        setWithEtag(etagKey(2), "second-value", new ETag(badEtag())),
                        setWithEtag(etagKey(3), "second-value", e3))));
    assertThat(t).isInstanceOf(BulkStateException.class);
    Map<String, RuntimeException> failures = ((BulkStateException) t).failures();
    assertThat(failures).containsOnlyKeys(etagKey(2));
    assertThat(failures.get(etagKey(2))).isInstanceOf(ETagMismatchException.class);
    StateItem<byte[]> two = component.get(GetRequest.of(etagKey(2)));
    assertValue(two.value(), "first-value");
    assertThat(two.etag()).isEqualTo(e2);
    StateItem<byte[]> three = component.get(GetRequest.of(etagKey(3)));
    assertValue(three.value(), "second-value");
    assertThat(three.etag()).isNotEqualTo(e3);

    component.bulkSet(
        List.of(
            setWithEtag(etagKey(2), "third-value", e2),
            setWithEtag(etagKey(3), "third-value", three.etag())));
    assertValue(component.get(GetRequest.of(etagKey(2))).value(), "third-value");
    assertValue(component.get(GetRequest.of(etagKey(3))).value(), "third-value");
  }

  @Test
  @DisplayName(
      "ST-34 delete with a bad etag fails; with the current etag deletes (no data, no etag)")
  void st34DeleteEtag() throws Exception {
    if (!has(StateFeature.ETAG)) {
      assertNoEtags();
      return;
    }
    seedEtags();
    ETag e = etagOf(etagKey(1));
    assertThatThrownBy(
            () -> component.delete(DeleteRequest.ifMatch(etagKey(1), new ETag(badEtag()))))
        .isInstanceOfAny(ETagMismatchException.class, ETagInvalidException.class);
    assertThat(component.get(GetRequest.of(etagKey(1)))).isNotNull();
    component.delete(DeleteRequest.ifMatch(etagKey(1), e));
    assertMissing(etagKey(1));
  }

  @Test
  @DisplayName("ST-35 bulkDelete with one bad etag: one BulkStateException entry, the good deleted")
  void st35BulkDeleteOneBadEtag() throws Exception {
    if (!has(StateFeature.ETAG)) {
      assertNoEtags();
      return;
    }
    seedEtags();
    ETag e2 = etagOf(etagKey(2));
    ETag e3 = etagOf(etagKey(3));
    Throwable t =
        catchThrowable(
            () ->
                component.bulkDelete(
                    List.of(
                        DeleteRequest.ifMatch(etagKey(2), e2),
                        DeleteRequest.ifMatch(etagKey(3), new ETag(badEtag())))));
    assertThat(t).isInstanceOf(BulkStateException.class);
    Map<String, RuntimeException> failures = ((BulkStateException) t).failures();
    assertThat(failures).containsOnlyKeys(etagKey(3));
    assertThat(failures.get(etagKey(3))).isInstanceOf(ETagMismatchException.class);
    assertMissing(etagKey(2));
    assertThat(etagOf(etagKey(3))).isEqualTo(e3);
  }

  @Test
  @DisplayName("ST-36 bulkDelete with good etags: both gone, bulkGet echoes both keys")
  void st36BulkDeleteGoodEtags() throws Exception {
    if (!has(StateFeature.ETAG)) {
      assertNoEtags();
      return;
    }
    seedEtags();
    component.bulkDelete(
        List.of(
            DeleteRequest.ifMatch(etagKey(3), etagOf(etagKey(3))),
            DeleteRequest.ifMatch(etagKey(4), etagOf(etagKey(4)))));
    List<StateItem<byte[]>> items =
        component.bulkGet(List.of(GetRequest.of(etagKey(3)), GetRequest.of(etagKey(4))));
    assertThat(items).extracting(StateItem::key).containsExactly(etagKey(3), etagKey(4));
    for (StateItem<byte[]> item : items) {
      assertThat(item.value()).isNull();
      assertThat(item.etag()).isNull();
    }
  }

  // ---------------------------------------------------------------- first-write

  private SetRequest firstWrite(String key, Object value, ETag etag) {
    return new SetRequest(
        key, bytes(value), etag, Concurrency.FIRST_WRITE, Consistency.STRONG, Map.of());
  }

  @Test
  @DisplayName("ST-37 first-write without etag (absent or empty): first succeeds, second fails")
  void st37FirstWriteWithoutEtag() throws Exception {
    if (!has(StateFeature.ETAG)) {
      assertNoEtags();
      return;
    }
    String key = k + "-first-write";
    for (ETag none : new ETag[] {null, new ETag("")}) {
      component.delete(DeleteRequest.of(key));
      component.set(firstWrite(key, "value1", none));
      assertValue(component.get(GetRequest.of(key)).value(), "value1");
      assertThatThrownBy(() -> component.set(firstWrite(key, "value2", none)))
          .as("second first-write with etag %s", none)
          .isInstanceOf(ETagMismatchException.class);
      assertValue(component.get(GetRequest.of(key)).value(), "value1");
    }
  }

  @Test
  @DisplayName("ST-38 first-write with the current etag succeeds, with a stale etag fails")
  void st38FirstWriteWithEtag() throws Exception {
    if (!has(StateFeature.ETAG)) {
      assertNoEtags();
      return;
    }
    String key = k + "-first-write-etag";
    component.set(set(key, "v1", Map.of()));
    ETag e = etagOf(key);
    component.set(firstWrite(key, "v2", e));
    ETag e2 = etagOf(key);
    assertThat(e2).isNotEqualTo(e);
    assertValue(component.get(GetRequest.of(key)).value(), "v2");
    assertThatThrownBy(() -> component.set(firstWrite(key, "v3", e)))
        .isInstanceOf(ETagMismatchException.class);
    assertValue(component.get(GetRequest.of(key)).value(), "v2");
  }

  // ---------------------------------------------------------------- TTL

  private Map<String, String> ttl(String seconds) {
    return Map.of(StateComponents.TTL_IN_SECONDS, seconds);
  }

  /**
   * The "else" branch of the TTL scenarios. Dapr's stores without TTL ignore {@code ttlInSeconds};
   * Plumb's refuse a TTL they cannot honour with {@link UnsupportedFeatureException} and write
   * nothing, since a value that silently never expires is worse than an error. "No expiry" ({@code
   * -1}) is honoured.
   */
  private void assertTtlIgnored() throws Exception {
    String key = k + "-ttl-refused";
    assertThatThrownBy(() -> component.set(set(key, "value", ttl("2"))))
        .isInstanceOf(UnsupportedFeatureException.class);
    assertMissing(key);
    component.set(set(key, "value", ttl("-1")));
    StateItem<byte[]> item = component.get(GetRequest.of(key));
    assertValue(item.value(), "value");
    assertThat(item.metadata()).doesNotContainKey(StateItem.TTL_EXPIRE_TIME);
  }

  private void assertExpiresAround(StateItem<byte[]> item, Duration ttl) {
    assertThat(item.metadata()).containsKey(StateItem.TTL_EXPIRE_TIME);
    Instant expiry = Instant.parse(item.metadata().get(StateItem.TTL_EXPIRE_TIME));
    Instant expected = now().plus(ttl);
    assertThat(expiry)
        .isBetween(expected.minus(EXPIRE_TIME_TOLERANCE), expected.plus(EXPIRE_TIME_TOLERANCE));
  }

  @Test
  @DisplayName("ST-39 set with ttlInSeconds=\"foo\" fails")
  void st39TtlNotANumber() throws Exception {
    if (!has(StateFeature.TTL)) {
      assertTtlIgnored();
      return;
    }
    assertThatThrownBy(() -> component.set(set(k + "-ttl-foo", "value", ttl("foo"))))
        .isInstanceOf(Exception.class);
  }

  @Test
  @DisplayName("ST-40 ttl 2 s: visible at once, gone once 2 s have passed")
  void st40TtlExpires() throws Exception {
    if (!has(StateFeature.TTL)) {
      assertTtlIgnored();
      return;
    }
    String key = k + "-ttl";
    component.set(set(key, "⏱️", ttl("2")));
    StateItem<byte[]> item = component.get(GetRequest.of(key));
    assertThat(item).isNotNull();
    assertValue(item.value(), "⏱️");
    advanceTime(Duration.ofSeconds(2));
    awaitTrue(() -> component.get(GetRequest.of(key)) == null);
  }

  @Test
  @DisplayName("ST-41 ttl 3600: get and bulkGet report ttlExpireTime ≈ now + 1 h (±10 min)")
  void st41TtlExpireTime() throws Exception {
    if (!has(StateFeature.TTL)) {
      assertTtlIgnored();
      return;
    }
    String key = k + "-ttl-expire-time";
    component.set(set(key, "value", ttl("3600")));
    assertExpiresAround(component.get(GetRequest.of(key)), Duration.ofHours(1));

    component.bulkSet(
        List.of(
            set(k + "-ttl-bulk1", "123", ttl("3600")), set(k + "-ttl-bulk2", "234", ttl("3600"))));
    List<StateItem<byte[]>> items =
        component.bulkGet(
            List.of(GetRequest.of(k + "-ttl-bulk1"), GetRequest.of(k + "-ttl-bulk2")));
    assertThat(items).hasSize(2);
    assertValue(items.get(0).value(), "123");
    assertValue(items.get(1).value(), "234");
    for (StateItem<byte[]> item : items) {
      assertExpiresAround(item, Duration.ofHours(1));
    }
  }

  @Test
  @DisplayName("ST-42 re-saving with ttl -1 or without ttl removes the TTL; the key persists")
  void st42TtlRemoved() throws Exception {
    if (!has(StateFeature.TTL)) {
      assertTtlIgnored();
      return;
    }
    String key = k + "-ttl-removed";
    component.set(set(key, "value", ttl("2")));
    assertThat(component.get(GetRequest.of(key)).metadata()).containsKey(StateItem.TTL_EXPIRE_TIME);
    component.set(set(key, "value", ttl("-1")));
    assertThat(component.get(GetRequest.of(key)).metadata())
        .doesNotContainKey(StateItem.TTL_EXPIRE_TIME);
    advanceTime(Duration.ofSeconds(3));
    assertThat(component.get(GetRequest.of(key))).as("still there after ttl -1").isNotNull();

    component.set(set(key, "value", ttl("2")));
    assertThat(component.get(GetRequest.of(key)).metadata()).containsKey(StateItem.TTL_EXPIRE_TIME);
    component.set(set(key, "value", Map.of()));
    assertThat(component.get(GetRequest.of(key)).metadata())
        .doesNotContainKey(StateItem.TTL_EXPIRE_TIME);
    advanceTime(Duration.ofSeconds(3));
    assertThat(component.get(GetRequest.of(key))).as("still there after re-save").isNotNull();
  }

  @Test
  @DisplayName("ST-43 set without ttl: no ttlExpireTime in get or bulkGet metadata")
  void st43NoTtlNoExpireTime() throws Exception {
    component.set(set(k + "-no-ttl", "value", Map.of()));
    assertThat(component.get(GetRequest.of(k + "-no-ttl")).metadata())
        .doesNotContainKey(StateItem.TTL_EXPIRE_TIME);
    assertThat(component.bulkGet(List.of(GetRequest.of(k + "-no-ttl"))).get(0).metadata())
        .doesNotContainKey(StateItem.TTL_EXPIRE_TIME);
  }

  // ---------------------------------------------------------------- delete with prefix

  private void seedPrefixes() throws Exception {
    Map<String, Object> values = new LinkedHashMap<>();
    for (String key :
        List.of(
            "prefix||key1",
            "prefix||key2",
            "prefix||prefix2||key3",
            "other-prefix||key1",
            "no-prefix")) {
      values.put(k + key, "value of " + key);
    }
    bulkSet(values);
    for (String key : values.keySet()) {
      assertThat(component.get(GetRequest.of(key))).as(key).isNotNull();
    }
  }

  @Test
  @DisplayName("ST-44 deleteWithPrefix(\"prefix||\") deletes the 2 direct children only")
  void st44DeleteWithPrefix() throws Exception {
    seedPrefixes();
    if (!has(StateFeature.DELETE_WITH_PREFIX)) {
      assertUnsupported(() -> component.deleteWithPrefix(k + "prefix||"));
      return;
    }
    assertThat(component.deleteWithPrefix(k + "prefix||")).isEqualTo(2);
    assertMissing(k + "prefix||key1");
    assertMissing(k + "prefix||key2");
    assertThat(component.get(GetRequest.of(k + "prefix||prefix2||key3"))).isNotNull();
    assertThat(component.get(GetRequest.of(k + "other-prefix||key1"))).isNotNull();
    assertThat(component.get(GetRequest.of(k + "no-prefix"))).isNotNull();
  }

  @Test
  @DisplayName("ST-45 deleteWithPrefix(\"other-prefix\") appends || and deletes 1")
  void st45DeleteWithPrefixAppendsSeparator() throws Exception {
    seedPrefixes();
    if (!has(StateFeature.DELETE_WITH_PREFIX)) {
      assertUnsupported(() -> component.deleteWithPrefix(k + "other-prefix"));
      return;
    }
    assertThat(component.deleteWithPrefix(k + "other-prefix")).isEqualTo(1);
    assertMissing(k + "other-prefix||key1");
    assertThat(component.get(GetRequest.of(k + "prefix||key1"))).isNotNull();
  }

  @Test
  @DisplayName("ST-46 deleteWithPrefix(\"\") fails: prefix is required")
  void st46DeleteWithEmptyPrefix() throws Exception {
    if (!has(StateFeature.DELETE_WITH_PREFIX)) {
      assertUnsupported(() -> component.deleteWithPrefix(""));
      return;
    }
    assertThatThrownBy(() -> component.deleteWithPrefix(""))
        .hasMessageContaining("prefix is required");
  }

  @Test
  @DisplayName("ST-47 deleteWithPrefix(\"||\") fails: prefix is required")
  void st47DeleteWithSeparatorPrefix() throws Exception {
    seedPrefixes();
    if (!has(StateFeature.DELETE_WITH_PREFIX)) {
      assertUnsupported(() -> component.deleteWithPrefix("||"));
      return;
    }
    assertThatThrownBy(() -> component.deleteWithPrefix("||"))
        .hasMessageContaining("prefix is required");
    assertThat(component.get(GetRequest.of(k + "no-prefix"))).isNotNull();
  }

  // ---------------------------------------------------------------- keys like

  private static final List<String> LIKE_KEYS =
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
          "xyz1",
          "xyz2",
          "xyz3");

  /** Removes every key of the component, through keysLike("%") and bulkDelete. */
  private void wipeAllKeys() throws Exception {
    KeysPage all = component.keysLike("%", null, null);
    List<DeleteRequest> deletes = new ArrayList<>();
    all.keys().forEach(key -> deletes.add(DeleteRequest.of(key)));
    if (!deletes.isEmpty()) {
      component.bulkDelete(deletes);
    }
    assertThat(component.keysLike("%", null, null).keys()).isEmpty();
  }

  /** Writes keys one at a time, in order, so stores ordering by write see that order. */
  private void writeKeys(List<String> keys) throws Exception {
    for (String key : keys) {
      component.set(set(key, "value of " + key, Map.of()));
    }
  }

  private List<String> like(String pattern) throws Exception {
    KeysPage page = component.keysLike(pattern, null, null);
    assertThat(page.continuationToken()).as("token of %s", pattern).isNull();
    return page.keys();
  }

  private boolean keysLikeAbsent() {
    if (has(StateFeature.KEYS_LIKE)) {
      return false;
    }
    assertUnsupported(() -> component.keysLike("%", null, null));
    return true;
  }

  @Test
  @DisplayName("ST-48 keysLike with an empty pattern fails")
  void st48KeysLikeEmptyPattern() throws Exception {
    if (keysLikeAbsent()) {
      return;
    }
    assertThatThrownBy(() -> component.keysLike("", null, null))
        .hasMessageContaining("pattern cannot be empty");
  }

  @Test
  @DisplayName("ST-49 keysLike matching: %, prefix||%, %key1, %||%, %||%||%, abc_")
  void st49KeysLikeMatching() throws Exception {
    if (keysLikeAbsent()) {
      return;
    }
    wipeAllKeys();
    writeKeys(LIKE_KEYS);
    assertThat(like("%")).containsExactlyInAnyOrderElementsOf(LIKE_KEYS);
    assertThat(like("prefix||%"))
        .containsExactlyInAnyOrder("prefix||key1", "prefix||key2", "prefix||prefix2||key3");
    assertThat(like("%key1")).containsExactlyInAnyOrder("prefix||key1", "other-prefix||key1");
    assertThat(like("%||%")).hasSize(4);
    assertThat(like("%||%||%")).containsExactly("prefix||prefix2||key3");
    assertThat(like("abc_")).containsExactlyInAnyOrder("abc1", "abc2", "abc3");
  }

  @Test
  @DisplayName("ST-50 keysLike pages: 6 + token, 5 + token, then 1 and no token; union is all")
  void st50KeysLikePageSize() throws Exception {
    if (keysLikeAbsent()) {
      return;
    }
    wipeAllKeys();
    writeKeys(LIKE_KEYS);
    assertThat(like("%")).hasSize(12);
    KeysPage p1 = component.keysLike("%", 6, null);
    assertThat(p1.keys()).hasSize(6);
    assertThat(p1.continuationToken()).isNotNull();
    KeysPage p2 = component.keysLike("%", 5, p1.continuationToken());
    assertThat(p2.keys()).hasSize(5);
    assertThat(p2.continuationToken()).isNotNull();
    KeysPage p3 = component.keysLike("%", 100, p2.continuationToken());
    assertThat(p3.keys()).hasSize(1);
    assertThat(p3.continuationToken()).isNull();
    Set<String> union = new LinkedHashSet<>();
    union.addAll(p1.keys());
    union.addAll(p2.keys());
    union.addAll(p3.keys());
    assertThat(union).containsExactlyInAnyOrderElementsOf(LIKE_KEYS);
  }

  @Test
  @DisplayName("ST-51 keysLike without page size returns all 1025 keys and no token")
  void st51KeysLikeNoPageLimit() throws Exception {
    if (keysLikeAbsent()) {
      return;
    }
    wipeAllKeys();
    List<SetRequest> batch = new ArrayList<>();
    for (int i = 0; i < 1025; i++) {
      batch.add(SetRequest.of(Integer.toString(i), new byte[0]));
      if (batch.size() == 100 || i == 1024) {
        component.bulkSet(batch);
        batch = new ArrayList<>();
      }
    }
    assertThat(like("%")).hasSize(1025);
    KeysPage big = component.keysLike("%", 100000, null);
    assertThat(big.keys()).hasSize(1025);
    assertThat(big.continuationToken()).isNull();
  }

  @Test
  @DisplayName("ST-52 keysLike escaping: \\ escapes % and _, . is literal")
  void st52KeysLikeEscaping() throws Exception {
    if (keysLikeAbsent()) {
      return;
    }
    wipeAllKeys();
    writeKeys(
        List.of(
            "%",
            "hello%%wor.kflow",
            "%%wor.kflow",
            "hello%%",
            "_",
            "hello_workflow",
            "_workflow",
            "hello_",
            "%hello_workflow%_yoyo"));
    String[] hellos = {"hello%%wor.kflow", "hello%%", "hello_workflow", "hello_"};
    assertThat(like("hello%")).containsExactlyInAnyOrder(hellos);
    assertThat(like("hello_")).containsExactly("hello_");
    assertThat(like("hello_workflo_")).containsExactly("hello_workflow");
    assertThat(like("hello\\_workflow")).containsExactly("hello_workflow");
    assertThat(like("hello\\_")).containsExactly("hello_");
    assertThat(like("hello%%")).containsExactlyInAnyOrder(hellos);
    assertThat(like("hello\\%\\%")).containsExactly("hello%%");
    assertThat(like("hello%\\%")).containsExactly("hello%%");
    assertThat(like("hello\\%\\%%wor.kflow")).containsExactly("hello%%wor.kflow");
    assertThat(like("\\%hello\\_workflow\\%\\_yoyo")).containsExactly("%hello_workflow%_yoyo");
  }

  @Test
  @DisplayName("ST-53 keysLike pagination survives deletes and inserts between pages")
  void st53KeysLikePaginationAfterDelete() throws Exception {
    if (keysLikeAbsent()) {
      return;
    }
    wipeAllKeys();
    writeKeys(List.of("key1", "key2", "key3", "key4"));
    KeysPage first = component.keysLike("%", 3, null);
    assertThat(first.keys()).hasSize(3);
    assertThat(first.continuationToken()).isNotNull();
    component.bulkDelete(List.of(DeleteRequest.of("key1"), DeleteRequest.of("key3")));
    writeKeys(List.of("key5", "key0"));
    KeysPage rest = component.keysLike("%", null, first.continuationToken());
    assertThat(rest.keys()).isNotEmpty();
    assertThat(rest.continuationToken()).isNull();
    KeysPage three = component.keysLike("%", 3, null);
    assertThat(three.keys()).hasSize(3);
    assertThat(three.continuationToken()).isNotNull();
    KeysPage two = component.keysLike("%", 2, null);
    assertThat(two.keys()).hasSize(2);
    assertThat(two.continuationToken()).isNotNull();
    assertThat(like("%")).containsExactlyInAnyOrder("key2", "key4", "key5", "key0");
  }

  @Test
  @DisplayName("ST-54 keysLike hides expired keys")
  void st54KeysLikeExpiration() throws Exception {
    if (keysLikeAbsent()) {
      return;
    }
    wipeAllKeys();
    component.set(set("1", "one", ttl("1")));
    component.set(set("2", "two", Map.of()));
    component.set(set("3", "three", ttl("1")));
    if (!has(StateFeature.TTL)) {
      assertThat(like("%")).containsExactlyInAnyOrder("1", "2", "3");
      return;
    }
    advanceTime(Duration.ofSeconds(1));
    awaitTrue(
        () -> {
          KeysPage page = component.keysLike("%", null, null);
          return page.keys().equals(List.of("2")) && page.continuationToken() == null;
        });
  }

  // ---------------------------------------------------------------- Plumb's own scenarios
  // Beyond Dapr's suite: what issues 7 and 8 found, so that every store is held to it.

  /**
   * Returns what a malformed etag (one the store could never have issued, such as {@code
   * not-an-etag!}) throws: Dapr's rule for the store, which its page documents.
   *
   * @return {@link ETagMismatchException} by default; stores whose etags have a checked form
   *     (Redis, PostgreSQL v1) return {@link ETagInvalidException}
   */
  protected Class<? extends Exception> malformedEtagIs() {
    return ETagMismatchException.class;
  }

  @Test
  @DisplayName("PL-01 keys compare byte for byte: trailing space, case, Unicode forms are distinct")
  void pl01KeysByteForByte() throws Exception {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put(k + "-key", "plain");
    values.put(k + "-key ", "trailing space");
    values.put(k + "-KEY", "upper case");
    values.put(k + "-key\u00e9", "composed");
    values.put(k + "-keye\u0301", "decomposed");
    for (Map.Entry<String, Object> e : values.entrySet()) {
      component.set(set(e.getKey(), e.getValue(), Map.of()));
    }
    for (Map.Entry<String, Object> e : values.entrySet()) {
      StateItem<byte[]> item = component.get(GetRequest.of(e.getKey()));
      assertThat(item).as("key '%s'", e.getKey()).isNotNull();
      assertValue(item.value(), e.getValue());
    }
    component.delete(DeleteRequest.of(k + "-key "));
    assertMissing(k + "-key ");
    assertValue(component.get(GetRequest.of(k + "-key")).value(), "plain");
  }

  @Test
  @DisplayName("PL-02 bytes round-trip byte for byte, JSON text included, in set, bulk and tx")
  void pl02BytesRoundTripExactly() throws Exception {
    List<byte[]> values =
        List.of(
            "{\"b\":1,  \"a\":[1, 2.50],\"a\":3}".getBytes(StandardCharsets.UTF_8),
            " null ".getBytes(StandardCharsets.UTF_8),
            "\"text with \\u0000 escape\"".getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'},
            new byte[] {(byte) 0xFF, 0x00, (byte) 0xC3},
            new byte[0]);
    for (int i = 0; i < values.size(); i++) {
      component.set(SetRequest.of(k + "-raw" + i, values.get(i)));
    }
    List<SetRequest> bulk = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      bulk.add(SetRequest.of(k + "-bulk-raw" + i, values.get(i)));
    }
    component.bulkSet(bulk);
    if (has(StateFeature.TRANSACTIONAL)) {
      component.transact(List.of(SetRequest.of(k + "-trx-raw0", values.get(0))), Map.of());
      assertThat(component.get(GetRequest.of(k + "-trx-raw0")).value())
          .containsExactly(values.get(0));
    }
    for (int i = 0; i < values.size(); i++) {
      assertThat(component.get(GetRequest.of(k + "-raw" + i)).value())
          .as("value %d", i)
          .containsExactly(values.get(i));
      assertThat(component.get(GetRequest.of(k + "-bulk-raw" + i)).value())
          .as("bulk value %d", i)
          .containsExactly(values.get(i));
    }
  }

  @Test
  @DisplayName("PL-03 a malformed etag: Dapr's rule for the store, nothing written")
  void pl03MalformedEtag() throws Exception {
    if (!has(StateFeature.ETAG)) {
      assertNoEtags();
      return;
    }
    seedEtags();
    ETag before = etagOf(etagKey(1));
    ETag malformed = new ETag("not-an-etag!");
    assertThatThrownBy(() -> component.set(setWithEtag(etagKey(1), "second-value", malformed)))
        .isInstanceOf(malformedEtagIs());
    assertThatThrownBy(
            () ->
                component.delete(
                    new DeleteRequest(
                        etagKey(1),
                        malformed,
                        Concurrency.LAST_WRITE,
                        Consistency.EVENTUAL,
                        Map.of())))
        .isInstanceOf(malformedEtagIs());
    assertValue(component.get(GetRequest.of(etagKey(1))).value(), "first-value");
    assertThat(etagOf(etagKey(1))).isEqualTo(before);
  }

  @Test
  @DisplayName("PL-04 a refused request writes nothing: a TTL beyond 292 years, in set and tx")
  void pl04RefusedRequestWritesNothing() throws Exception {
    String key = k + "-refused";
    component.set(set(key, "old", Map.of()));
    String tooLong = Long.toString(Long.MAX_VALUE);
    assertThatThrownBy(() -> component.set(set(key, "new", ttl(tooLong))))
        .isInstanceOfAny(InvalidRequestException.class, UnsupportedFeatureException.class);
    assertValue(component.get(GetRequest.of(key)).value(), "old");
    if (has(StateFeature.TRANSACTIONAL)) {
      assertThatThrownBy(
              () ->
                  component.transact(
                      List.of(
                          set(k + "-refused-a", "a", Map.of()),
                          set(k + "-refused-b", "b", ttl(tooLong))),
                      Map.of()))
          .isInstanceOfAny(InvalidRequestException.class, UnsupportedFeatureException.class);
      assertMissing(k + "-refused-a");
      assertMissing(k + "-refused-b");
    }
  }

  @Test
  @DisplayName("PL-05 concurrent overlapping bulk saves: no deadlock, no failure, values whole")
  void pl05ConcurrentOverlappingBulkSaves() throws Exception {
    int threads = 4;
    int keys = 200;
    int rounds = 5;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  Random random = new Random(thread);
                  for (int round = 0; round < rounds; round++) {
                    List<SetRequest> batch = new ArrayList<>();
                    for (int i = 0; i < keys; i++) {
                      batch.add(set(k + "-shared" + i, "t" + thread, Map.of()));
                    }
                    // Opposite and random orders: the worst case for row locks.
                    if (thread % 2 == 1) {
                      Collections.reverse(batch);
                    } else if (round > 0) {
                      Collections.shuffle(batch, random);
                    }
                    start.await(1, TimeUnit.MINUTES);
                    try {
                      component.bulkSet(batch);
                    } catch (Exception e) {
                      start.reset(); // the others stop waiting for this thread
                      throw e;
                    }
                  }
                  return null;
                }));
      }
      List<Throwable> failures = new ArrayList<>();
      for (Future<?> f : futures) {
        try {
          f.get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof BrokenBarrierException)) {
            failures.add(e.getCause());
          }
        }
      }
      assertThat(failures).as("bulk saves that failed").isEmpty();
    } finally {
      pool.shutdownNow();
    }
    for (int i = 0; i < keys; i++) {
      byte[] value = component.get(GetRequest.of(k + "-shared" + i)).value();
      assertThat(JSON.readTree(value).asText()).matches("t[0-3]");
    }
  }

  @Test
  @DisplayName("PL-06 odd keys (U+0000, 4 KiB long) work or are refused as invalid, never failed")
  void pl06OddKeys() throws Exception {
    for (String key : List.of(k + "-nul\u0000key", k + "-long-" + "x".repeat(4096))) {
      try {
        component.set(set(key, "v", Map.of()));
      } catch (InvalidRequestException e) {
        continue;
      }
      assertValue(component.get(GetRequest.of(key)).value(), "v");
      component.delete(DeleteRequest.of(key));
      assertMissing(key);
    }
  }

  @Test
  @DisplayName("PL-07 a 17 MiB value round-trips or is refused as invalid, naming the limit")
  void pl07LargeValue() throws Exception {
    String key = k + "-large";
    byte[] large = new byte[17 * 1024 * 1024];
    new Random(7).nextBytes(large);
    try {
      component.set(SetRequest.of(key, large));
    } catch (InvalidRequestException e) {
      assertThat(e.getMessage()).containsPattern("\\d");
      assertMissing(key);
      return;
    }
    assertThat(component.get(GetRequest.of(key)).value()).isEqualTo(large);
    component.delete(DeleteRequest.of(key));
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Returns whether the component lists a feature.
   *
   * @param feature the feature
   * @return {@code true} if listed
   */
  protected final boolean has(StateFeature feature) {
    return component.features().contains(feature);
  }

  private static Map<String, String> jsonContentType() {
    return Map.of("contentType", "application/json");
  }

  /**
   * Encodes a value as the runtime does: {@code byte[]} as is, anything else as JSON.
   *
   * @param value the value
   * @return the bytes to store
   */
  protected static byte[] bytes(Object value) {
    if (value instanceof byte[] b) {
      return b;
    }
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode " + value, e);
    }
  }

  private static SetRequest set(String key, Object value, Map<String, String> metadata) {
    return new SetRequest(
        key, bytes(value), null, Concurrency.LAST_WRITE, Consistency.EVENTUAL, metadata);
  }

  private static void assertValue(byte[] actual, Object expected) {
    assertThat(actual).isNotNull();
    if (expected instanceof byte[] b) {
      assertThat(actual).containsExactly(b);
      return;
    }
    try {
      assertThat(JSON.readTree(actual)).isEqualTo(JSON.valueToTree(expected));
    } catch (IOException e) {
      throw new AssertionError(
          "stored value is not JSON: " + new String(actual, StandardCharsets.UTF_8), e);
    }
  }

  private void assertMissing(String key) throws Exception {
    assertThat(component.get(GetRequest.of(key))).as("get %s after delete", key).isNull();
  }

  private static void assertUnsupported(Executable call) {
    assertThatThrownBy(call::execute)
        .as("a component without the feature throws UnsupportedFeatureException")
        .isInstanceOf(UnsupportedFeatureException.class);
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private void awaitTrue(Condition condition) {
    await()
        .pollDelay(Duration.ZERO)
        .pollInterval(POLL)
        .atMost(ttlTimeout())
        .until(condition::holds);
  }
}
