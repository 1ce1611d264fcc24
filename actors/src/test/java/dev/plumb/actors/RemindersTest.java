package dev.plumb.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.actors.ActorContext;
import dev.plumb.api.actors.ActorOptions;
import dev.plumb.api.actors.ActorReminder;
import dev.plumb.api.actors.ActorScheduleException;
import dev.plumb.api.actors.Remindable;
import dev.plumb.api.actors.Schedule;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.TestClock;
import dev.plumb.testkit.TestScheduler;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RemindersTest {
  /** A reminder or timer to register; actor methods take one argument. */
  public record Spec(String name, String dueTime, String period, String ttl, Object data) {
    Schedule schedule() {
      return Schedule.builder().dueTime(dueTime).period(period).ttl(ttl).build();
    }
  }

  public interface Alarm {
    void set(Spec spec);

    void cancel(String name);

    void timer(Spec spec);
  }

  /** What the alarms did, and what they should do when they fire. */
  static final class Log {
    final List<String> fired = new CopyOnWriteArrayList<>();
    final List<Instant> at = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    final Map<String, Object> data = new ConcurrentHashMap<>();
    volatile String rescheduleTo;
    volatile boolean cancelInCallback;

    long count(String name) {
      return fired.stream().filter(name::equals).count();
    }
  }

  static final class AlarmActor implements Alarm, Remindable {
    private final ActorContext ctx;
    private final Log log;

    AlarmActor(ActorContext ctx, Log log) {
      this.ctx = ctx;
      this.log = log;
    }

    @Override
    public void set(Spec spec) {
      ctx.registerReminder(spec.name(), spec.schedule(), spec.data());
    }

    @Override
    public void cancel(String name) {
      ctx.unregisterReminder(name);
    }

    @Override
    public void timer(Spec spec) {
      String name = spec.name();
      ctx.registerTimer(
          name,
          spec.schedule(),
          () -> {
            AtomicInteger left = log.failuresLeft.get(name);
            log.fired.add(name);
            if (left != null && left.getAndDecrement() > 0) {
              throw new IllegalStateException("timer failure");
            }
          });
    }

    @Override
    public void receiveReminder(ActorReminder reminder) {
      String name = reminder.name();
      log.fired.add(name);
      log.at.add(ctx.clock().instant());
      AtomicInteger left = log.failuresLeft.get(name);
      if (left != null && left.getAndDecrement() > 0) {
        throw new IllegalStateException("planned failure of " + name);
      }
      if (name.equals("typed")) {
        log.data.put(name, reminder.data(LIST_OF_ITEMS));
      } else if (reminder.data(Object.class) != null) {
        log.data.put(name, reminder.data(String.class));
      }
      if (log.rescheduleTo != null) {
        String to = log.rescheduleTo;
        log.rescheduleTo = null;
        ctx.registerReminder(name, Schedule.builder().dueTime(to).build(), null);
      }
      if (log.cancelInCallback) {
        ctx.unregisterReminder(name);
      }
    }
  }

  /** Not remindable: registering a reminder must fail. */
  public interface Plain {
    void set();
  }

  static final class PlainActor implements Plain {
    private final ActorContext ctx;

    PlainActor(ActorContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public void set() {
      ctx.registerReminder("r", Schedule.after(Duration.ZERO), null);
    }
  }

  public static final class Item {
    public String sku;
  }

  /** Declares {@code List<Item>}, the generic payload type read back in {@code typed}. */
  static List<Item> items() {
    return Collections.emptyList();
  }

  static final Type LIST_OF_ITEMS;

  static {
    try {
      LIST_OF_ITEMS = RemindersTest.class.getDeclaredMethod("items").getGenericReturnType();
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final TestClock clock = TestClock.start();
  private TestScheduler scheduler = new TestScheduler(clock);
  private final Log log = new Log();
  private final InMemoryActorConformanceTest.SharedProvider store =
      new InMemoryActorConformanceTest.SharedProvider();
  private final List<Plumb> open = new ArrayList<>();
  private Plumb plumb = start(1);

  private Plumb start(int partitions) {
    Plumb p =
        Plumb.builder()
            .appId("app")
            .scheduler(scheduler)
            .provider(store)
            .component(
                "actorstore",
                InMemoryActorConformanceTest.SharedProvider.TYPE,
                Map.of("actorStateStore", "true"))
            .actorOptions(ActorOptions.builder().remindersStoragePartitions(partitions).build())
            .actor(Alarm.class, ctx -> new AlarmActor(ctx, log))
            .actor(Plain.class, PlainActor::new)
            .build();
    open.add(p);
    return p;
  }

  @AfterEach
  void close() {
    open.forEach(Plumb::close);
  }

  private Alarm alarm(String id) {
    return plumb.actors().proxy(Alarm.class, id);
  }

  @Test
  void aReminderDueInAWeekFiresWhenTimeSkipsAWeek() {
    Instant registered = clock.instant();
    alarm("1").set(new Spec("weekly", "168h", null, null, null));
    scheduler.advance(Duration.ofDays(7).minusSeconds(1));
    assertThat(log.fired).isEmpty();
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(log.fired).containsExactly("weekly");
    assertThat(log.at).containsExactly(registered.plus(Duration.ofDays(7)));
  }

  @Test
  void theReadBackReminderCarriesItsSchedule() {
    Instant now = clock.instant();
    plumb
        .actors()
        .registerReminder(
            "Alarm",
            "1",
            "r",
            Schedule.builder().dueTime("1h").period("R3/PT1H").ttl("5h").build(),
            "x");
    ActorReminder r = plumb.actors().reminder("Alarm", "1", "r").orElseThrow();
    assertThat(r.name()).isEqualTo("r");
    assertThat(r.dueTime()).isEqualTo(now.plusSeconds(3600));
    assertThat(r.period()).isEqualTo("R3/PT1H");
    assertThat(r.remainingRepetitions()).isEqualTo(2);
    assertThat(r.expiration()).isEqualTo(now.plusSeconds(6 * 3600));
    assertThat(r.data(String.class)).isEqualTo("x");
    assertThat(r.data(byte[].class)).isEqualTo("\"x\"".getBytes(StandardCharsets.UTF_8));
    scheduler.advance(Duration.ofHours(1));
    assertThat(plumb.actors().reminder("Alarm", "1", "r").orElseThrow().remainingRepetitions())
        .isEqualTo(1);
  }

  @Test
  void genericPayloadsAreReadAsDeclared() {
    alarm("1").set(new Spec("typed", "1s", null, null, List.of(Map.of("sku", "apple"))));
    scheduler.advance(Duration.ofSeconds(1));
    assertThat((List<?>) log.data.get("typed")).singleElement().isInstanceOf(Item.class);
  }

  @Test
  void aReminderMayRescheduleOrCancelItselfWhenItFires() {
    log.rescheduleTo = "10m";
    alarm("1").set(new Spec("again", "1m", "1m", null, null));
    scheduler.advance(Duration.ofMinutes(1));
    assertThat(log.count("again")).isEqualTo(1);
    scheduler.advance(Duration.ofMinutes(9));
    assertThat(log.count("again")).as("the old period is replaced").isEqualTo(1);
    scheduler.advance(Duration.ofMinutes(1));
    assertThat(log.count("again")).isEqualTo(2);
    assertThat(plumb.actors().reminder("Alarm", "1", "again")).as("one-shot now").isEmpty();

    log.cancelInCallback = true;
    alarm("1").set(new Spec("stop", "1m", "1m", null, null));
    scheduler.advance(Duration.ofMinutes(10));
    assertThat(log.count("stop")).isEqualTo(1);
    assertThat(plumb.actors().reminder("Alarm", "1", "stop")).isEmpty();
  }

  @Test
  void aFailingReminderIsRetriedWithBackOff() {
    log.failuresLeft.put("flaky", new AtomicInteger(3));
    Instant registered = clock.instant();
    alarm("1").set(new Spec("flaky", "1m", null, null, null));
    scheduler.advance(Duration.ofMinutes(5));
    assertThat(log.count("flaky")).isEqualTo(4);
    Instant due = registered.plusSeconds(60);
    assertThat(log.at)
        .containsExactly(due, due.plusMillis(500), due.plusMillis(1500), due.plusMillis(3500));
    assertThat(plumb.actors().reminder("Alarm", "1", "flaky")).isEmpty();
  }

  @Test
  void aReminderFailingForFifteenMinutesGivesItsFiringUp() {
    log.failuresLeft.put("broken", new AtomicInteger(Integer.MAX_VALUE));
    alarm("1").set(new Spec("broken", "0s", "1h", null, null));
    scheduler.advance(Duration.ofMinutes(16));
    long attempts = log.count("broken");
    assertThat(attempts).isBetween(15L, 30L);
    assertThat(plumb.actors().reminder("Alarm", "1", "broken").orElseThrow().dueTime())
        .as("moved on to its next period")
        .isEqualTo(TestClock.start().instant().plus(Duration.ofHours(1)));
  }

  @Test
  void moreDueAtOnceThanOneScanLoadsAllFireOnce() {
    int n = Reminders.SCAN_LIMIT + 200;
    for (int i = 0; i < n; i++) {
      plumb
          .actors()
          .registerReminder("Alarm", "a" + i, "r" + i, Schedule.after(Duration.ofMinutes(5)), null);
    }
    scheduler.advance(Duration.ofMinutes(5));
    assertThat(log.fired).hasSize(n);
    assertThat(new java.util.HashSet<>(log.fired)).hasSize(n);
  }

  @Test
  void partitionsSpreadRemindersAndAllFire() throws Exception {
    plumb.close();
    plumb = start(4);
    for (int i = 0; i < 40; i++) {
      plumb
          .actors()
          .registerReminder("Alarm", "a" + i, "r", Schedule.after(Duration.ofMinutes(1)), null);
    }
    int used = 0;
    for (int p = 0; p < 4; p++) {
      if (store.shared().get(GetRequest.of("plumb-reminders||app||Alarm||" + p)) != null) {
        used++;
      }
    }
    assertThat(used).as("partitions holding reminders").isEqualTo(4);
    scheduler.advance(Duration.ofMinutes(1));
    assertThat(log.fired).hasSize(40);
  }

  @Test
  void missedPeriodsAreSkippedAfterDowntime() {
    alarm("1").set(new Spec("tick", "1m", "1m", null, null));
    scheduler.advance(Duration.ofMinutes(1));
    assertThat(log.count("tick")).isEqualTo(1);
    plumb.close();
    clock.advance(Duration.ofHours(1).plusSeconds(30));
    scheduler = new TestScheduler(clock);
    plumb = start(1);
    scheduler.advance(Duration.ZERO);
    assertThat(log.count("tick")).as("one late firing, not sixty").isEqualTo(2);
    scheduler.advance(Duration.ofSeconds(29));
    assertThat(log.count("tick")).isEqualTo(2);
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(log.count("tick")).as("back on its period").isEqualTo(3);
  }

  @Test
  void anActorThatIsNotRemindableCannotRegisterReminders() {
    assertThatThrownBy(() -> plumb.actors().proxy(Plain.class, "1").set())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not implement Remindable");
  }

  @Test
  void theAsyncViewRegistersReadsAndDeletes() throws Exception {
    var async = plumb.actors().async();
    async
        .registerReminder("Alarm", "1", "r", Schedule.after(Duration.ofHours(1)), null)
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    assertThat(async.reminder("Alarm", "1", "r").toCompletableFuture().get(5, TimeUnit.SECONDS))
        .isPresent();
    async.unregisterReminder("Alarm", "1", "r").toCompletableFuture().get(5, TimeUnit.SECONDS);
    scheduler.advance(Duration.ofHours(2));
    assertThat(log.fired).isEmpty();
  }

  @Test
  void timersKeepTheirScheduleWhenTheCallbackFailsAndMayBeReplaced() {
    log.failuresLeft.put("t", new AtomicInteger(1));
    alarm("1").timer(new Spec("t", "1s", "1s", null, null));
    scheduler.advance(Duration.ofSeconds(3));
    assertThat(log.count("t")).isEqualTo(3);
    alarm("1").timer(new Spec("t", "10s", null, null, null));
    scheduler.advance(Duration.ofSeconds(9));
    assertThat(log.count("t")).as("replaced: the old period is gone").isEqualTo(3);
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(log.count("t")).isEqualTo(4);
    assertThatThrownBy(
            () -> alarm("1").timer(new Spec("late", "1m", null, "2020-01-01T00:00:00Z", null)))
        .isInstanceOf(ActorScheduleException.class)
        .hasMessageStartingWith("timer 'late' of actor Alarm/1 has already expired");
  }
}
