package dev.plumb.state.azure.tablestorage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.UnsupportedFeatureException;
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
import dev.plumb.testkit.TestComponentContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AzureTableStateComponentIT {
  // An etag in Azure's format that the server never issued (Dapr's conformance badEtag).
  private static final ETag FOREIGN_ETAG =
      new ETag("W/\"datetime'2023-05-09T12%3A28%3A54.1442151Z'\"");

  private static Azurite azurite;
  private static TableServiceClient raw;

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final List<String> tables = new ArrayList<>();

  @BeforeAll
  static void startAzurite() throws Exception {
    azurite = Azurite.startInMemory();
    raw = azurite.client();
  }

  @AfterAll
  static void stopAzurite() throws Exception {
    azurite.close();
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    for (String t : tables) {
      try {
        raw.deleteTable(t);
      } catch (TableServiceException alreadyGone) {
        // the test never created it
      }
    }
  }

  private Map<String, String> metadata() {
    Map<String, String> md = azurite.metadata();
    tables.add(md.get("tableName"));
    return md;
  }

  private StateComponent open(Map<String, String> md) throws Exception {
    TestComponentContext ctx =
        new TestComponentContext("statestore", AzureTableStateProvider.TYPE, md);
    toClose.add(ctx);
    StateComponent store = new AzureTableStateProvider().create(ctx);
    toClose.add(0, store);
    return store;
  }

  private static SetRequest set(String key, String value, ETag etag, Concurrency c) {
    return new SetRequest(key, value.getBytes(UTF_8), etag, c, Consistency.STRONG, Map.of());
  }

  private static String str(StateItem<byte[]> item) {
    return item == null ? null : new String(item.value(), UTF_8);
  }

  @Test
  void declaresOnlyEtagAsDaprDoes() throws Exception {
    StateComponent store = open(metadata());
    assertThat(store.features()).containsExactly(StateFeature.ETAG);
    assertThat(store.maxTransactionOperations()).isZero();
    assertThatThrownBy(() -> store.transact(List.of(DeleteRequest.of("k")), Map.of()))
        .isInstanceOf(UnsupportedFeatureException.class);
    store.ping();
  }

  @Test
  void storesOneEntityPerKeySplitAtTheFirstDelimiter() throws Exception {
    Map<String, String> md = metadata();
    StateComponent store = open(md);
    TableClient t = raw.getTableClient(md.get("tableName"));
    byte[] binary = {0, (byte) 0xff, (byte) 0xc3, 0x28, 10};

    store.set(SetRequest.of("myapp||order-1", "{\"a\":\"⏱️\"}".getBytes(UTF_8)));
    store.set(SetRequest.of("plain", new byte[0]));
    store.set(SetRequest.of("myapp||bin", binary));
    store.set(SetRequest.of("myapp||actor||id||k", "x".getBytes(UTF_8)));
    store.set(SetRequest.of("myapp||actor", "y".getBytes(UTF_8)));

    TableEntity order = t.getEntity("myapp", "order-1");
    assertThat(order.getProperty("Value")).isEqualTo("{\"a\":\"⏱️\"}");
    assertThat(t.getEntity("plain", "").getProperty("Value")).isEqualTo("");
    assertThat(t.getEntity("myapp", "bin").getProperty("Value")).isEqualTo(binary);
    // Dapr would map both of these to RowKey "" and overwrite one with the other.
    assertThat(t.getEntity("myapp", "actor||id||k").getProperty("Value")).isEqualTo("x");
    assertThat(t.getEntity("myapp", "actor").getProperty("Value")).isEqualTo("y");

    StateItem<byte[]> got = store.get(GetRequest.of("myapp||order-1"));
    assertThat(str(got)).isEqualTo("{\"a\":\"⏱️\"}");
    assertThat(got.etag().value()).isEqualTo(order.getETag()).startsWith("W/\"datetime'");
    assertThat(got.metadata()).isEmpty();
    assertThat(store.get(GetRequest.of("plain")).value()).isEmpty();
    assertThat(store.get(GetRequest.of("myapp||bin")).value()).containsExactly(binary);
    assertThat(str(store.get(GetRequest.of("myapp||actor||id||k")))).isEqualTo("x");
    assertThat(store.get(GetRequest.of("myapp||missing"))).isNull();
    assertThat(store.get(GetRequest.of("other||order-1"))).isNull();
  }

  @Test
  void readsAndUpdatesEntitiesDaprWrote() throws Exception {
    Map<String, String> md = metadata();
    StateComponent store = open(md);
    TableClient t = raw.getTableClient(md.get("tableName"));
    t.upsertEntity(new TableEntity("dapr-app", "k").addProperty("Value", "{\"message\":\"hi\"}"));
    t.upsertEntity(new TableEntity("dapr-app", "novalue").addProperty("Other", "x"));

    StateItem<byte[]> item = store.get(GetRequest.of("dapr-app||k"));
    assertThat(str(item)).isEqualTo("{\"message\":\"hi\"}");
    store.set(set("dapr-app||k", "new", item.etag(), Concurrency.LAST_WRITE));
    assertThat(t.getEntity("dapr-app", "k").getProperty("Value")).isEqualTo("new");
    // Dapr reads an entity without a Value property as missing.
    assertThat(store.get(GetRequest.of("dapr-app||novalue"))).isNull();
  }

  @Test
  void etagsGuardSetsAndDeletes() throws Exception {
    StateComponent store = open(metadata());
    store.set(set("k", "v1", null, Concurrency.LAST_WRITE));
    ETag e1 = store.get(GetRequest.of("k")).etag();

    assertThatThrownBy(() -> store.set(set("k", "x", FOREIGN_ETAG, Concurrency.LAST_WRITE)))
        .isInstanceOf(ETagMismatchException.class);
    assertThatThrownBy(() -> store.delete(DeleteRequest.ifMatch("k", FOREIGN_ETAG)))
        .isInstanceOf(ETagMismatchException.class);
    // Azure only issues weak etags and refuses others as invalid input (Dapr's "invalid" kind).
    for (String bad : List.of("bad-etag", "*", "\"strong\"", "W/\"unbalanced")) {
      assertThatThrownBy(() -> store.set(set("k", "x", new ETag(bad), Concurrency.LAST_WRITE)))
          .isInstanceOf(ETagInvalidException.class)
          .hasMessageContaining("invalid etag");
      assertThatThrownBy(() -> store.delete(DeleteRequest.ifMatch("k", new ETag(bad))))
          .isInstanceOf(ETagInvalidException.class);
    }
    assertThat(str(store.get(GetRequest.of("k")))).isEqualTo("v1");

    store.set(set("k", "v2", e1, Concurrency.LAST_WRITE));
    StateItem<byte[]> now = store.get(GetRequest.of("k"));
    assertThat(str(now)).isEqualTo("v2");
    assertThat(now.etag()).isNotEqualTo(e1);
    assertThatThrownBy(() -> store.set(set("k", "v3", e1, Concurrency.FIRST_WRITE)))
        .isInstanceOf(ETagMismatchException.class);
    assertThatThrownBy(() -> store.delete(DeleteRequest.ifMatch("k", e1)))
        .isInstanceOf(ETagMismatchException.class);
    store.delete(DeleteRequest.ifMatch("k", now.etag()));
    assertThat(store.get(GetRequest.of("k"))).isNull();

    // An etag on a missing key can never match (Dapr's insert-first would create the key).
    assertThatThrownBy(() -> store.set(set("k", "v4", now.etag(), Concurrency.LAST_WRITE)))
        .isInstanceOf(ETagMismatchException.class);
    assertThatThrownBy(() -> store.delete(DeleteRequest.ifMatch("k", now.etag())))
        .isInstanceOf(ETagMismatchException.class);
    assertThat(store.get(GetRequest.of("k"))).isNull();
    store.delete(DeleteRequest.of("k"));
    store.delete(DeleteRequest.ifMatch("k", new ETag("")));
  }

  @Test
  void firstWriteInsertsOnlyAndLastWriteReplaces() throws Exception {
    StateComponent store = open(metadata());
    store.set(set("fw", "one", null, Concurrency.FIRST_WRITE));
    assertThatThrownBy(() -> store.set(set("fw", "two", null, Concurrency.FIRST_WRITE)))
        .isInstanceOf(ETagMismatchException.class);
    assertThatThrownBy(() -> store.set(set("fw", "two", new ETag(""), Concurrency.FIRST_WRITE)))
        .isInstanceOf(ETagMismatchException.class);
    assertThat(str(store.get(GetRequest.of("fw")))).isEqualTo("one");
    store.set(set("fw", "three", null, Concurrency.LAST_WRITE));
    assertThat(str(store.get(GetRequest.of("fw")))).isEqualTo("three");
    store.delete(DeleteRequest.of("fw"));
    store.set(set("fw", "four", null, Concurrency.FIRST_WRITE));
    assertThat(str(store.get(GetRequest.of("fw")))).isEqualTo("four");
  }

  @Test
  void ttlIsIgnoredAsDaprDoes() throws Exception {
    StateComponent store = open(metadata());
    store.set(
        new SetRequest(
            "t",
            "v".getBytes(UTF_8),
            null,
            Concurrency.LAST_WRITE,
            Consistency.EVENTUAL,
            Map.of("ttlInSeconds", "1")));
    assertThat(store.get(GetRequest.of("t")).metadata()).isEmpty();
  }

  @Test
  void bulkOperationsReportPerItemFailures() throws Exception {
    StateComponent store = open(metadata());
    store.bulkSet(
        List.of(
            set("b1", "1", null, Concurrency.LAST_WRITE),
            set("b2", "2", null, Concurrency.LAST_WRITE)));
    ETag e2 = store.get(GetRequest.of("b2")).etag();
    assertThatThrownBy(
            () ->
                store.bulkSet(
                    List.of(
                        set("b1", "x", FOREIGN_ETAG, Concurrency.LAST_WRITE),
                        set("b2", "y", e2, Concurrency.LAST_WRITE),
                        set("bad/key", "z", null, Concurrency.LAST_WRITE))))
        .isInstanceOfSatisfying(
            BulkStateException.class,
            e -> {
              assertThat(e.failures()).containsOnlyKeys("b1", "bad/key");
              assertThat(e.failures().get("b1")).isInstanceOf(ETagMismatchException.class);
              assertThat(e.failures().get("bad/key")).isInstanceOf(InvalidRequestException.class);
            });
    List<StateItem<byte[]>> got =
        store.bulkGet(List.of(GetRequest.of("b1"), GetRequest.of("b2"), GetRequest.of("nope")));
    assertThat(str(got.get(0))).isEqualTo("1");
    assertThat(str(got.get(1))).isEqualTo("y");
    assertThat(got.get(2).value()).isNull();
    assertThat(got.get(2).etag()).isNull();
  }

  @Test
  void keysWithCharactersAzureForbidsAreRefusedUpFront() throws Exception {
    StateComponent store = open(metadata());
    for (String key : List.of("a/b", "app||a\\b", "a#b", "a?b", "a\u0001b", "app||x\u0085")) {
      assertThatThrownBy(() -> store.set(SetRequest.of(key, new byte[] {1})))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("forbids");
      assertThatThrownBy(() -> store.get(GetRequest.of(key)))
          .isInstanceOf(InvalidRequestException.class);
    }
    String quoted = "it's||o'clock ünïcode";
    store.set(SetRequest.of(quoted, "q".getBytes(UTF_8)));
    assertThat(str(store.get(GetRequest.of(quoted)))).isEqualTo("q");
    store.delete(DeleteRequest.of(quoted));
    assertThat(store.get(GetRequest.of(quoted))).isNull();
  }

  @Test
  void cosmosDbModeStoresKeysWithoutDelimiterUnderDaprsPlaceholderRowKey() throws Exception {
    Map<String, String> md = metadata();
    md.put("cosmosDbMode", "true");
    StateComponent store = open(md);
    store.set(SetRequest.of("solo", "s".getBytes(UTF_8)));
    TableEntity e =
        raw.getTableClient(md.get("tableName")).getEntity("solo", "_dapr_empty_row_key_value_");
    assertThat(e.getProperty("Value")).isEqualTo("s");
    assertThat(str(store.get(GetRequest.of("solo")))).isEqualTo("s");
  }

  @Test
  void createsTheTableUnlessSkippedAndReusesAnExistingOne() throws Exception {
    Map<String, String> md = metadata();
    md.put("skipCreateTable", "true");
    assertThatThrownBy(() -> open(md))
        .isInstanceOfSatisfying(
            TableServiceException.class,
            e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(404));

    md.remove("skipCreateTable");
    StateComponent first = open(md);
    first.set(SetRequest.of("kept", "1".getBytes(UTF_8)));
    StateComponent second = open(md);
    assertThat(str(second.get(GetRequest.of("kept")))).isEqualTo("1");
    md.put("skipCreateTable", "true");
    assertThat(str(open(md).get(GetRequest.of("kept")))).isEqualTo("1");
  }

  @Test
  void aWrongAccountKeyFailsAtStart() {
    Map<String, String> md = metadata();
    md.put("accountKey", "d3Jvbmcta2V5LXdyb25nLWtleQ==");
    assertThatThrownBy(() -> open(md))
        .isInstanceOfSatisfying(
            TableServiceException.class,
            e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(403));
  }
}
