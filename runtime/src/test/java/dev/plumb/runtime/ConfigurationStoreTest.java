package dev.plumb.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.ComponentNotFoundException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.Subscription;
import dev.plumb.api.configuration.ConfigurationItem;
import dev.plumb.api.configuration.ConfigurationStore;
import dev.plumb.api.configuration.ConfigurationUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The configuration block through {@code Plumb}, on {@code configuration.in-memory}. */
class ConfigurationStoreTest {
  private final String space = "cfg-" + UUID.randomUUID();
  private InMemoryConfiguration data;
  private Plumb plumb;
  private ConfigurationStore store;

  @BeforeEach
  void build() {
    data = InMemoryConfiguration.space(space);
    plumb =
        Plumb.builder()
            .appId("app")
            .component("appconfig", "configuration.in-memory", Map.of("space", space))
            .component("locks", "lock.in-memory", Map.of())
            .build();
    store = plumb.configurationStore("appconfig");
  }

  @AfterEach
  void close() {
    plumb.close();
  }

  @Test
  void getsSomeOrAllKeys() {
    data.put("a", ConfigurationItem.of("1", "v1"));
    data.put("b", new ConfigurationItem("2", "v2", Map.of("m", "x")));
    assertThat(store.name()).isEqualTo("appconfig");
    assertThat(plumb.configurationStore("appconfig")).isSameAs(store);
    assertThat(store.get("a", "missing")).isEqualTo(Map.of("a", ConfigurationItem.of("1", "v1")));
    assertThat(store.get()).containsOnlyKeys("a", "b");
    assertThat(store.get("b").get("b").metadata()).isEqualTo(Map.of("m", "x"));
    assertThat(store.async().get("a").toCompletableFuture().join()).containsOnlyKeys("a");
  }

  @Test
  void unknownNameListsTheLoadedStores() {
    assertThatThrownBy(() -> plumb.configurationStore("nope"))
        .isInstanceOf(ComponentNotFoundException.class)
        .hasMessage("configuration store 'nope' is not found; configuration stores: appconfig");
    assertThatThrownBy(() -> plumb.configurationStore("locks"))
        .hasMessageContaining("('locks' is a lock.in-memory)");
  }

  @Test
  void badKeysAreRefusedNamingStoreOperationAndKey() {
    assertThatThrownBy(() -> store.get("a", ""))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("configuration store 'appconfig': get: key [1] is empty");
    assertThatThrownBy(() -> store.get(Arrays.asList("a", null), Map.of()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("configuration store 'appconfig': get: key [1] is null");
    assertThatThrownBy(() -> store.subscribe(List.of("ok", "bad\nkey"), u -> {}))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "configuration store 'appconfig': subscribe: key [1] has a control character at"
                + " position 3; keys must be printable");
    assertThat(store.async().get("a", "\u0000").toCompletableFuture()).isCompletedExceptionally();
  }

  @Test
  void subscriptionsReportChangesOnlyOnRuntimeThreads() {
    data.put("a", ConfigurationItem.of("before", "1"));
    List<ConfigurationUpdate> updates = new CopyOnWriteArrayList<>();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    Subscription sub =
        store.subscribe(
            List.of("a"),
            u -> {
              threads.add(Thread.currentThread());
              updates.add(u);
            });
    data.put("other", ConfigurationItem.of("x", "1"));
    data.put("a", ConfigurationItem.of("after", "2"));
    await().atMost(Duration.ofSeconds(5)).until(() -> updates.size() == 1);
    ConfigurationUpdate u = updates.get(0);
    assertThat(u.items()).isEqualTo(Map.of("a", ConfigurationItem.of("after", "2")));
    assertThat(u.id()).isNotEmpty();
    assertThat(threads.get(0)).isNotSameAs(Thread.currentThread());

    data.delete(List.of("a"));
    await().atMost(Duration.ofSeconds(5)).until(() -> updates.size() == 2);
    assertThat(updates.get(1).items()).isEqualTo(Map.of("a", ConfigurationItem.EMPTY));
    assertThat(updates.get(1).id()).isEqualTo(u.id());

    sub.close();
    sub.close();
    data.put("a", ConfigurationItem.of("closed", "3"));
    // A later subscription's delivery proves the write was reported; the closed one got nothing.
    List<ConfigurationUpdate> later = new CopyOnWriteArrayList<>();
    Subscription s2 = store.subscribe(List.of(), later::add);
    data.put("a", ConfigurationItem.of("again", "4"));
    await().atMost(Duration.ofSeconds(5)).until(() -> later.size() == 1);
    s2.close();
    assertThat(updates).hasSize(2);
  }

  @Test
  void oneUpdateAtATimePerSubscriptionInOrder() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger inHandler = new AtomicInteger();
    AtomicInteger maxInHandler = new AtomicInteger();
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    store.subscribe(
        List.of(),
        u -> {
          maxInHandler.accumulateAndGet(inHandler.incrementAndGet(), Math::max);
          try {
            release.await(10, TimeUnit.SECONDS);
            seen.add(u.items().get("k").value());
          } finally {
            inHandler.decrementAndGet();
          }
        });
    for (int i = 0; i < 20; i++) {
      data.put("k", ConfigurationItem.of(Integer.toString(i), ""));
    }
    // The writes returned although the handler is held: the store's thread never waits for it.
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 20);
    assertThat(maxInHandler.get()).isEqualTo(1);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      expected.add(Integer.toString(i));
    }
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void aFailingHandlerDoesNotStopTheSubscription() {
    List<String> seen = new CopyOnWriteArrayList<>();
    store.subscribe(
        List.of("k"),
        u -> {
          String v = u.items().get("k").value();
          seen.add(v);
          if (v.equals("boom")) {
            throw new IllegalStateException("refused");
          }
        });
    data.put("k", ConfigurationItem.of("boom", ""));
    data.put("k", ConfigurationItem.of("fine", ""));
    await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains("fine"));
    assertThat(seen).containsExactly("boom", "fine");
  }

  @Test
  void closingTheInstanceEndsSubscriptionsAndRefusesNewOnes() {
    List<ConfigurationUpdate> updates = new CopyOnWriteArrayList<>();
    store.subscribe(List.of(), updates::add);
    plumb.close();
    data.put("k", ConfigurationItem.of("late", ""));
    assertThatThrownBy(() -> store.subscribe(List.of(), u -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'appconfig' is closed");
    assertThat(updates).isEmpty();
  }

  @Test
  void closingWaitsForTheUpdateInTheHandler() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> finished = new CopyOnWriteArrayList<>();
    store.subscribe(
        List.of("k"),
        u -> {
          entered.countDown();
          release.await(10, TimeUnit.SECONDS);
          finished.add(u.items().get("k").value());
        });
    data.put("k", ConfigurationItem.of("v", ""));
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    Thread closer = new Thread(plumb::close, "closer");
    closer.start();
    // The drain waits (up to the grace period) for the update in the handler.
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(closer::isAlive);
    release.countDown();
    closer.join(10_000);
    assertThat(closer.isAlive()).isFalse();
    assertThat(finished).containsExactly("v");
  }
}
