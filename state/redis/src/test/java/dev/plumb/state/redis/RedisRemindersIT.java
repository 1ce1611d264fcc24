package dev.plumb.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.actors.spi.ReminderCompletion;
import dev.plumb.api.actors.spi.ReminderKey;
import dev.plumb.api.actors.spi.ReminderPartition;
import dev.plumb.api.actors.spi.ReminderStore;
import dev.plumb.api.actors.spi.StoredReminder;
import dev.plumb.testkit.TestComponentContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** The native reminder index of the Redis state store, through the SPI and as stored. */
class RedisRemindersIT {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static RedisTestSupport.PrivateRedis server;
  private static TestComponentContext context;
  private static ReminderStore store;
  private static JedisPooled raw;

  @BeforeAll
  static void start() throws Exception {
    server = new RedisTestSupport.PrivateRedis();
    context =
        new TestComponentContext(
            "actorstore", "state.redis", Map.of("redisHost", "127.0.0.1:" + server.port));
    store = (ReminderStore) new RedisStateProvider().create(context);
    raw = new JedisPooled("127.0.0.1", server.port);
  }

  @AfterAll
  static void stop() throws Exception {
    raw.close();
    ((AutoCloseable) store).close();
    context.close();
    server.close();
  }

  private static StoredReminder reminder(String app, String id, String name, int sec, long rev) {
    return new StoredReminder(
        new ReminderKey(app, "Cart", id, name, 1), T0.plusSeconds(sec), null, 0, null, null, rev);
  }

  @Test
  void aReminderRoundTripsWithEveryField() throws Exception {
    byte[] binary = {0, '\n', (byte) 0xff, 'x'};
    StoredReminder r =
        new StoredReminder(
            new ReminderKey("rt", "Cart", "user-1", "abandoned||cart", 1),
            T0.plusMillis(1234),
            "R5/PT1M",
            4,
            T0.plusSeconds(3600),
            binary,
            -42);
    store.saveReminder(r);
    assertThat(store.getReminder(r.key())).usingRecursiveComparison().isEqualTo(r);
    assertThat(raw.zscore("plumb-reminders||{rt||Cart||1}||due", "user-1||abandoned||cart"))
        .isEqualTo(T0.plusMillis(1234).toEpochMilli());
    store.deleteReminder(r.key());
    assertThat(store.getReminder(r.key())).isNull();
    assertThat(raw.exists("plumb-reminders||{rt||Cart||1}||due")).isFalse();
  }

  @Test
  void dueRemindersAreTheEarliestStrictlyBeforeTheBound() throws Exception {
    for (int i = 5; i >= 1; i--) {
      store.saveReminder(reminder("due", "a" + i, "r", i, i));
    }
    store.saveReminder(reminder("other-app", "a1", "r", 1, 1));
    ReminderPartition p = new ReminderPartition("due", "Cart", 1);
    assertThat(store.dueReminders(p, T0.plusSeconds(4), 10))
        .extracting(r -> r.key().actorId())
        .containsExactly("a1", "a2", "a3");
    assertThat(store.dueReminders(p, T0.plusSeconds(10), 2))
        .extracting(r -> r.key().actorId())
        .containsExactly("a1", "a2");
    assertThat(store.dueReminders(new ReminderPartition("due", "Cart", 0), T0.plusSeconds(10), 10))
        .isEmpty();
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
            new ReminderCompletion(again.key(), 3, null),
            new ReminderCompletion(new ReminderKey("done", "Cart", "4", "missing", 2), 4, null)));
    assertThat(store.getReminder(moved.key()).revision()).isEqualTo(11);
    assertThat(store.getReminder(moved.key()).dueTime()).isEqualTo(T0.plusSeconds(61));
    assertThat(store.getReminder(deleted.key())).isNull();
    assertThat(store.getReminder(again.key()).revision()).isEqualTo(33);
    assertThat(
            new String(
                raw.hget(
                    "plumb-reminders||{done||Cart||1}||data".getBytes(StandardCharsets.UTF_8),
                    "1||moved".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8))
        .startsWith("11\n");
  }
}
