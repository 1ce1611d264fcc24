package dev.plumb.state.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.actors.spi.ReminderCompletion;
import dev.plumb.api.actors.spi.ReminderKey;
import dev.plumb.api.actors.spi.ReminderPartition;
import dev.plumb.api.actors.spi.ReminderStore;
import dev.plumb.api.actors.spi.StoredReminder;
import dev.plumb.api.state.spi.StateComponent;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The native reminder table of the PostgreSQL state store, through the SPI and as stored. */
class PostgresqlRemindersIT {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static Map<String, String> md;
  private static StateComponent component;
  private static ReminderStore store;

  @BeforeAll
  static void start() throws Exception {
    md = PostgresqlTestSupport.metadata("v2");
    component = PostgresqlTestSupport.create("v2", md);
    store = (ReminderStore) component;
  }

  @AfterAll
  static void stop() throws Exception {
    component.close();
    PostgresqlTestSupport.drop("v2", md);
  }

  private static StoredReminder reminder(String app, String id, String name, int sec, long rev) {
    return new StoredReminder(
        new ReminderKey(app, "Cart", id, name, 1), T0.plusSeconds(sec), null, 0, null, null, rev);
  }

  @Test
  void aReminderRoundTripsWithEveryField() throws Exception {
    StoredReminder r =
        new StoredReminder(
            new ReminderKey("rt", "Cart", "user-1", "abandoned", 1),
            T0.plusMillis(1234),
            "R5/PT1M",
            4,
            T0.plusSeconds(3600),
            new byte[] {0, 1, (byte) 0xff},
            -42);
    store.saveReminder(r);
    assertThat(store.getReminder(r.key())).usingRecursiveComparison().isEqualTo(r);
    store.saveReminder(reminder("rt", "user-1", "abandoned", 5, 7));
    assertThat(store.getReminder(r.key()).revision()).as("replaced").isEqualTo(7);
    store.deleteReminder(r.key());
    assertThat(store.getReminder(r.key())).isNull();
  }

  @Test
  void dueRemindersUseTheIndexAndStopBeforeTheBound() throws Exception {
    for (int i = 5; i >= 1; i--) {
      store.saveReminder(reminder("due", "a" + i, "r", i, i));
    }
    store.saveReminder(reminder("other", "a1", "r", 1, 1));
    ReminderPartition p = new ReminderPartition("due", "Cart", 1);
    assertThat(store.dueReminders(p, T0.plusSeconds(4), 10))
        .extracting(r -> r.key().actorId())
        .containsExactly("a1", "a2", "a3");
    assertThat(store.dueReminders(p, T0.plusSeconds(10), 2)).hasSize(2);
    assertThat(store.dueReminders(new ReminderPartition("due", "Cart", 0), T0.plusSeconds(10), 9))
        .isEmpty();
    try (Connection c = PostgresqlTestSupport.raw();
        Statement st = c.createStatement()) {
      st.execute("SET enable_seqscan = off");
      try (ResultSet rs =
          st.executeQuery(
              "EXPLAIN SELECT * FROM "
                  + PostgresqlTestSupport.stateTable("v2", md)
                  + "_reminders WHERE app_id = 'due' AND actor_type = 'Cart' AND partition_id = 1"
                  + " AND due_at < now() ORDER BY due_at LIMIT 10")) {
        StringBuilder plan = new StringBuilder();
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
        assertThat(plan.toString()).contains("_reminders_due");
      }
    }
  }

  @Test
  void lookupsByKeyTakeThePrimaryKeyEvenWithoutStatistics() throws Exception {
    String table = PostgresqlTestSupport.stateTable("v2", md) + "_reminders";
    try (Connection c = PostgresqlTestSupport.raw();
        Statement st = c.createStatement()) {
      st.execute(
          "INSERT INTO "
              + table
              + " SELECT 'bulk', 'Cart', 'a' || i, 'r', 0, now(), null, 0, null, null, i"
              + " FROM generate_series(1, 5000) i");
      try (ResultSet rs =
          st.executeQuery(
              "EXPLAIN SELECT ctid FROM "
                  + table
                  + " WHERE app_id = 'bulk' AND actor_type = 'Cart' AND actor_id = 'a7'"
                  + " AND name = 'r'")) {
        StringBuilder plan = new StringBuilder();
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
        // The due index does not lead with the key's columns, so it cannot steal the lookup.
        assertThat(plan.toString()).contains("_reminders_pkey");
      }
    }
  }

  @Test
  void completionsApplyOnlyToTheRevisionThatFired() throws Exception {
    StoredReminder moved = reminder("done", "1", "moved", 1, 1);
    StoredReminder deleted = reminder("done", "2", "deleted", 1, 2);
    StoredReminder again = reminder("done", "3", "again", 1, 3);
    for (StoredReminder r : List.of(moved, deleted, again)) {
      store.saveReminder(r);
    }
    store.saveReminder(reminder("done", "3", "again", 60, 33));
    store.completeReminders(
        List.of(
            new ReminderCompletion(moved.key(), 1, reminder("done", "1", "moved", 61, 11)),
            new ReminderCompletion(deleted.key(), 2, null),
            new ReminderCompletion(again.key(), 3, null)));
    assertThat(store.getReminder(moved.key()).revision()).isEqualTo(11);
    assertThat(store.getReminder(moved.key()).dueTime()).isEqualTo(T0.plusSeconds(61));
    assertThat(store.getReminder(deleted.key())).isNull();
    assertThat(store.getReminder(again.key()).revision()).isEqualTo(33);
    store.completeReminders(List.of());
  }
}
