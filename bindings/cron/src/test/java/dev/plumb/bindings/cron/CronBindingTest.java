package dev.plumb.bindings.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.Subscription;
import dev.plumb.api.bindings.BindingEvent;
import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.TestClock;
import dev.plumb.testkit.TestScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The cron binding through Plumb, on a test scheduler: a day of ticks in milliseconds. */
class CronBindingTest {
  private final TestScheduler scheduler = new TestScheduler(TestClock.start());

  private Plumb plumb(String schedule) {
    return Plumb.builder()
        .scheduler(scheduler)
        .component("tick", "bindings.cron", Map.of("schedule", schedule))
        .build();
  }

  @Test
  void everyTenSecondsTicksSixTimesAMinuteWithDaprsMetadata() {
    List<BindingEvent> events = new CopyOnWriteArrayList<>();
    try (Plumb plumb = plumb("CRON_TZ=UTC @every 10s")) {
      plumb
          .inputBinding("tick")
          .subscribe(
              e -> {
                events.add(e);
                return null;
              });
      scheduler.advance(Duration.ofSeconds(59));
      assertThat(events).hasSize(5);
      scheduler.advance(Duration.ofSeconds(1));
      assertThat(events).hasSize(6);
    }
    BindingEvent first = events.get(0);
    assertThat(first.data()).isEmpty();
    assertThat(first.metadata())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("timeZone", "UTC", "readTimeUTC", "2026-01-01 00:00:10 +0000 UTC"));
  }

  @Test
  void aDailyScheduleInAZoneSkipsAWeekInMilliseconds() {
    List<String> fired = new CopyOnWriteArrayList<>();
    try (Plumb plumb = plumb("CRON_TZ=Europe/Paris 0 30 9 * * mon-fri")) {
      plumb
          .inputBinding("tick")
          .subscribe(
              e -> {
                fired.add(e.metadata().get("readTimeUTC"));
                return null;
              });
      scheduler.advance(Duration.ofDays(7));
    }
    assertThat(fired)
        .containsExactly(
            "2026-01-01 08:30:00 +0000 UTC",
            "2026-01-02 08:30:00 +0000 UTC",
            "2026-01-05 08:30:00 +0000 UTC",
            "2026-01-06 08:30:00 +0000 UTC",
            "2026-01-07 08:30:00 +0000 UTC");
  }

  @Test
  void nothingTicksWithoutAHandlerOrAfterItsSubscriptionCloses() {
    List<BindingEvent> events = new CopyOnWriteArrayList<>();
    try (Plumb plumb = plumb("@every 1s")) {
      scheduler.advance(Duration.ofSeconds(10));
      assertThat(scheduler.pending()).isZero();
      Subscription s =
          plumb
              .inputBinding("tick")
              .subscribe(
                  e -> {
                    events.add(e);
                    return null;
                  });
      scheduler.advance(Duration.ofSeconds(3));
      s.close();
      scheduler.advance(Duration.ofSeconds(10));
    }
    assertThat(events).hasSize(3);
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void aFailingHandlerDoesNotStopTheSchedule() {
    List<Instant> attempts = new CopyOnWriteArrayList<>();
    try (Plumb plumb = plumb("@every 1s")) {
      plumb
          .inputBinding("tick")
          .subscribe(
              e -> {
                attempts.add(scheduler.clock().instant());
                throw new IllegalStateException("report service down");
              });
      scheduler.advance(Duration.ofSeconds(3));
    }
    assertThat(attempts).hasSize(3);
  }

  @Test
  void aScheduleDaprWouldRejectFailsTheBuildNamingTheBindingAndTheField() {
    assertThatThrownBy(() -> plumb("*/5 * * *"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("component 'tick'")
        .hasMessageContaining(
            "metadata 'schedule' ('*/5 * * *') is not a valid schedule: expected 5 to 6 fields,"
                + " found 4");
    assertThatThrownBy(() -> plumb("@every 15"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("metadata 'schedule' ('@every 15') is not a valid schedule");
    assertThatThrownBy(() -> Plumb.builder().component("tick", "bindings.cron", Map.of()).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("metadata 'schedule' is required");
  }

  @Test
  void cronIsAnInputBindingOnly() {
    try (Plumb plumb = plumb("@every 1s")) {
      assertThatThrownBy(() -> plumb.outputBinding("tick"))
          .hasMessageContaining("output binding 'tick' is not found ('tick' is a bindings.cron)");
    }
  }
}
