package dev.plumb.actors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.actors.spi.ReminderCompletion;
import dev.plumb.api.actors.spi.ReminderKey;
import dev.plumb.api.actors.spi.ReminderPartition;
import dev.plumb.api.actors.spi.StoredReminder;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.runtime.spi.Providers;
import dev.plumb.testkit.TestComponentContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StateReminderStoreTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final ReminderPartition P0 = new ReminderPartition("app", "Cart", 0);

  private final TestComponentContext context =
      new TestComponentContext("actorstore", "state.in-memory", Map.of());
  private final StateComponent component;
  private final StateReminderStore store;
  private final StateReminderStore other;

  StateReminderStoreTest() throws Exception {
    component =
        (StateComponent)
            Providers.find("state.in-memory", "v1", getClass().getClassLoader())
                .orElseThrow()
                .create(context);
    store = new StateReminderStore(Handles.direct(component, context.metadata()));
    other = new StateReminderStore(Handles.direct(component, context.metadata()));
  }

  @AfterEach
  void close() {
    component.close();
    context.close();
  }

  private static StoredReminder reminder(String id, String name, int minutes, long revision) {
    return new StoredReminder(
        new ReminderKey("app", "Cart", id, name, 0),
        T0.plusSeconds(60L * minutes),
        null,
        0,
        null,
        null,
        revision);
  }

  @Test
  void savesReadsAndDeletes() {
    StoredReminder r =
        new StoredReminder(
            new ReminderKey("app", "Cart", "1", "expire", 0),
            T0,
            "R5/PT1M",
            4,
            T0.plusSeconds(3600),
            "{\"sku\":\"apple\"}".getBytes(StandardCharsets.UTF_8),
            7);
    store.saveReminder(r);
    StoredReminder read = other.getReminder(r.key());
    assertThat(read).usingRecursiveComparison().isEqualTo(r);
    store.deleteReminder(r.key());
    assertThat(other.getReminder(r.key())).isNull();
    store.deleteReminder(r.key());
  }

  @Test
  void jsonPayloadsStayReadableAndOthersRoundTrip() throws Exception {
    byte[] json = "{\"sku\":\"apple\"}".getBytes(StandardCharsets.UTF_8);
    byte[] binary = {0, 1, 2, (byte) 0xff};
    StoredReminder a = reminder("1", "json", 1, 1);
    StoredReminder b = reminder("2", "bin", 1, 2);
    store.saveReminder(new StoredReminder(a.key(), a.dueTime(), null, 0, null, json, a.revision()));
    store.saveReminder(
        new StoredReminder(b.key(), b.dueTime(), null, 0, null, binary, b.revision()));
    String doc =
        new String(
            component.get(GetRequest.of("plumb-reminders||app||Cart||0")).value(),
            StandardCharsets.UTF_8);
    assertThat(doc)
        .contains("\"data\":{\"sku\":\"apple\"}")
        .contains("\"dataBase64\":\"AAEC/w==\"");
    assertThat(store.getReminder(a.key()).data()).isEqualTo(json);
    assertThat(store.getReminder(b.key()).data()).isEqualTo(binary);
  }

  @Test
  void dueRemindersAreTheEarliestBeforeTheBound() {
    for (int i = 10; i > 0; i--) {
      store.saveReminder(reminder("a" + i, "r", i, i));
    }
    assertThat(store.dueReminders(P0, T0.plusSeconds(60 * 6), 3))
        .extracting(r -> r.key().actorId())
        .containsExactly("a1", "a2", "a3");
    assertThat(store.dueReminders(P0, T0.plusSeconds(60 * 6), 100)).hasSize(5);
    assertThat(
            store.dueReminders(new ReminderPartition("app", "Cart", 1), T0.plusSeconds(6000), 100))
        .isEmpty();
    assertThat(
            store.dueReminders(
                new ReminderPartition("other", "Cart", 0), T0.plusSeconds(6000), 100))
        .isEmpty();
  }

  @Test
  void completionsApplyOnlyToTheRevisionThatFired() {
    StoredReminder moved = reminder("1", "moved", 1, 1);
    StoredReminder deleted = reminder("2", "deleted", 1, 2);
    StoredReminder reRegistered = reminder("3", "again", 1, 3);
    store.saveReminder(moved);
    store.saveReminder(deleted);
    store.saveReminder(reRegistered);
    StoredReminder newer = reminder("3", "again", 30, 33);
    other.saveReminder(newer);
    store.completeReminders(
        List.of(
            new ReminderCompletion(moved.key(), 1, reminder("1", "moved", 2, 11)),
            new ReminderCompletion(deleted.key(), 2, null),
            new ReminderCompletion(reRegistered.key(), 3, null)));
    assertThat(store.getReminder(moved.key()).revision()).isEqualTo(11);
    assertThat(store.getReminder(deleted.key())).isNull();
    assertThat(store.getReminder(reRegistered.key()).revision())
        .as("registered again meanwhile: left alone")
        .isEqualTo(33);
  }

  @Test
  void concurrentWritersOfOnePartitionLoseNothing() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<Void>> writes = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        StateReminderStore writer = i % 2 == 0 ? store : other;
        StoredReminder r = reminder("w" + i, "r", i, i);
        writes.add(CompletableFuture.runAsync(() -> writer.saveReminder(r), pool));
      }
      CompletableFuture.allOf(writes.toArray(new CompletableFuture<?>[0]))
          .get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdown();
    }
    assertThat(store.dueReminders(P0, T0.plusSeconds(60 * 100), 1000)).hasSize(40);
  }
}
