package dev.plumb.runtime.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.api.spi.Scheduler;
import dev.plumb.api.state.Concurrency;
import dev.plumb.api.state.Consistency;
import dev.plumb.api.state.ETag;
import dev.plumb.api.state.ETagMismatchException;
import dev.plumb.api.state.Filter;
import dev.plumb.api.state.QueryResult;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.StateQuery;
import dev.plumb.api.state.spi.DeleteRequest;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.api.state.spi.StateMutation;
import dev.plumb.runtime.internal.ManualClock;
import dev.plumb.runtime.internal.TestRuntime;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemoryStateComponentTest {
  private final TestRuntime runtime = new TestRuntime();
  private final ManualClock clock = runtime.clock;
  private final InMemoryStateComponent store =
      new InMemoryStateComponent("mem", clock, runtime.scheduler);

  @AfterEach
  void tearDown() {
    store.close();
    runtime.close();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static SetRequest set(String key, String json, Map<String, String> metadata) {
    return new SetRequest(
        key, utf8(json), null, Concurrency.LAST_WRITE, Consistency.EVENTUAL, metadata);
  }

  private static SetRequest setIfMatch(String key, String json, ETag etag) {
    return new SetRequest(
        key, utf8(json), etag, Concurrency.LAST_WRITE, Consistency.EVENTUAL, null);
  }

  @Test
  void concurrentCompareAndSetIncrementsLoseNoUpdate() throws Exception {
    store.set(set("counter", "0", Map.of()));
    int threads = 8;
    int perThread = 200;
    AtomicInteger conflicts = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    while (true) {
                      StateItem<byte[]> item = store.get(GetRequest.of("counter"));
                      int n = Integer.parseInt(new String(item.value(), StandardCharsets.UTF_8));
                      try {
                        store.set(setIfMatch("counter", Integer.toString(n + 1), item.etag()));
                        break;
                      } catch (ETagMismatchException e) {
                        conflicts.incrementAndGet();
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    byte[] value = store.get(GetRequest.of("counter")).value();
    assertThat(new String(value, StandardCharsets.UTF_8))
        .isEqualTo(Integer.toString(threads * perThread));
  }

  @Test
  void transactionWithOneBadEtagAppliesNothing() {
    store.set(set("b", "\"old\"", Map.of()));
    List<StateMutation> ops =
        List.of(
            set("a", "1", Map.of()), DeleteRequest.of("b"), setIfMatch("c", "3", new ETag("42")));
    assertThatThrownBy(() -> store.transact(ops, Map.of()))
        .isInstanceOf(ETagMismatchException.class);
    assertThat(store.get(GetRequest.of("a"))).isNull();
    assertThat(store.get(GetRequest.of("b"))).isNotNull();
  }

  @Test
  void transactionChecksEtagsAgainstItsEarlierOperations() {
    store.set(set("a", "1", Map.of()));
    ETag etag = store.get(GetRequest.of("a")).etag();
    assertThatThrownBy(
            () ->
                store.transact(
                    List.of(DeleteRequest.of("a"), setIfMatch("a", "2", etag)), Map.of()))
        .isInstanceOf(ETagMismatchException.class);
    assertThat(store.get(GetRequest.of("a")).etag()).isEqualTo(etag);
  }

  @Test
  void transactionWithBadTtlAppliesNothing() {
    List<StateMutation> ops =
        List.of(set("a", "1", Map.of()), set("b", "2", Map.of("ttlInSeconds", "soon")));
    assertThatThrownBy(() -> store.transact(ops, Map.of()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("ttlInSeconds");
    assertThat(store.get(GetRequest.of("a"))).isNull();
  }

  @Test
  void expiryIsLazyAndTheSweeperPurges() {
    store.set(set("short", "1", Map.of("ttlInSeconds", "1")));
    store.set(set("zero", "1", Map.of("ttlInSeconds", "0")));
    assertThat(store.get(GetRequest.of("short")).metadata())
        .containsEntry(StateItem.TTL_EXPIRE_TIME, "2026-01-01T00:00:01Z");
    assertThat(store.get(GetRequest.of("zero")).metadata()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.get(GetRequest.of("short"))).isNull();
    assertThat(store.storedEntries()).isEqualTo(2);
    await().atMost(Duration.ofSeconds(5)).until(() -> store.storedEntries() == 1);
    assertThat(store.get(GetRequest.of("zero"))).isNotNull();
  }

  @Test
  void closeCancelsTheSweeper() {
    List<String> events = new ArrayList<>();
    Scheduler recording =
        new Scheduler() {
          @Override
          public Clock clock() {
            return clock;
          }

          @Override
          public Task schedule(Instant at, Runnable task) {
            events.add("scheduled at " + at);
            return () -> events.add("cancelled");
          }
        };
    InMemoryStateComponent other = new InMemoryStateComponent("other", clock, recording);
    assertThat(events).containsExactly("scheduled at 2026-01-01T00:00:01Z");
    other.close();
    assertThat(events).containsExactly("scheduled at 2026-01-01T00:00:01Z", "cancelled");
  }

  @Test
  void valuesAreCopiedInAndOut() {
    byte[] value = utf8("\"abc\"");
    store.set(SetRequest.of("k", value));
    value[1] = 'X';
    byte[] read = store.get(GetRequest.of("k")).value();
    read[2] = 'Y';
    assertThat(store.get(GetRequest.of("k")).value()).isEqualTo(utf8("\"abc\""));
  }

  @Test
  void deleteWithEtagOfMissingKeyIsAMismatch() {
    assertThatThrownBy(() -> store.delete(DeleteRequest.ifMatch("nope", new ETag("1"))))
        .isInstanceOf(ETagMismatchException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void queryCoversSortPagingTypesAndSkipsNonJson() {
    store.set(set("a", "{\"n\":3,\"s\":\"x\",\"tag\":\"t\"}", Map.of()));
    store.set(set("b", "{\"n\":1.5,\"s\":\"y\",\"tag\":\"t\"}", Map.of()));
    store.set(set("c", "{\"n\":3,\"s\":\"a\",\"tag\":\"t\"}", Map.of()));
    store.set(set("d", "{\"s\":\"z\",\"tag\":\"t\"}", Map.of()));
    store.set(SetRequest.of("raw", new byte[] {(byte) 0xFF, 0x00}));
    store.set(set("text", "not json at all", Map.of()));

    StateQuery sorted =
        new StateQuery(
            Filter.eq("tag", "t"),
            List.of(new StateQuery.Sort("n", true), new StateQuery.Sort("s", false)),
            0,
            null);
    assertThat(keys(store.query(sorted, Map.of()))).containsExactly("d", "c", "a", "b");

    StateQuery page1 = new StateQuery(null, List.of(new StateQuery.Sort("n", false)), 2, null);
    QueryResult<byte[]> first = store.query(page1, Map.of());
    assertThat(keys(first)).containsExactly("b", "a");
    assertThat(first.token()).isNotNull();
    QueryResult<byte[]> second =
        store.query(
            new StateQuery(null, List.of(new StateQuery.Sort("n", false)), 2, first.token()),
            Map.of());
    assertThat(keys(second)).containsExactly("c", "d");
    assertThat(second.token()).isNull();

    assertThat(keys(store.query(StateQuery.of(Filter.in("n", List.of(3.0, 7))), Map.of())))
        .containsExactly("a", "c");
    assertThat(keys(store.query(StateQuery.of(Filter.neq("n", 3)), Map.of())))
        .as("a missing path matches no comparison")
        .containsExactly("b");
    assertThat(keys(store.query(StateQuery.of(Filter.gt("s", "x")), Map.of())))
        .containsExactly("b", "d");
    assertThatThrownBy(() -> store.query(new StateQuery(null, List.of(), 1, "x"), Map.of()))
        .isInstanceOf(InvalidRequestException.class);
  }

  private static List<String> keys(QueryResult<byte[]> r) {
    List<String> keys = new ArrayList<>();
    r.items().forEach(i -> keys.add(i.key()));
    return keys;
  }

  @Test
  void keysLikeOrdersByWriteAndRejectsBadArguments() {
    store.set(SetRequest.of("b", new byte[0]));
    store.set(SetRequest.of("a", new byte[0]));
    store.set(SetRequest.of("b", new byte[0]));
    assertThat(store.keysLike("%", null, null).keys()).containsExactly("a", "b");
    assertThat(store.keysLike("(a|b)", null, null).keys()).isEmpty();
    assertThatThrownBy(() -> store.keysLike("%", 0, null))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> store.keysLike("%", 1, "abc"))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(InMemoryStateComponent.likeToRegex("a.c$_\\").matcher("a.c$x\\").matches()).isTrue();
    assertThat(InMemoryStateComponent.likeToRegex("a.c").matcher("abc").matches()).isFalse();
  }

  @Test
  @SuppressWarnings("rawtypes") // ServiceLoader cannot name a parameterized service type
  void providerIsListedForServiceLoader() {
    List<String> types = new ArrayList<>();
    for (ComponentProvider p : ServiceLoader.load(ComponentProvider.class)) {
      ComponentProvider<?> provider = p;
      types.add(provider.type());
      if (provider.type().equals("state.in-memory")) {
        assertThat(provider.componentClass()).isEqualTo(StateComponent.class);
        assertThat(provider.versions()).containsExactly("v1");
      }
    }
    assertThat(types).contains("state.in-memory");
  }
}
