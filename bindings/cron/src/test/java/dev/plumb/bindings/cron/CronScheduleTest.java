package dev.plumb.bindings.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dapr's schedule grammar (robfig/cron, as Dapr's cron binding configures it). */
class CronScheduleTest {
  // A Thursday.
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private static List<String> next(String spec, int count) {
    CronSchedule s = CronSchedule.parse(spec);
    List<String> out = new ArrayList<>();
    Instant t = START;
    for (int i = 0; i < count; i++) {
      t = s.next(t);
      out.add(t.toString());
    }
    return out;
  }

  @Test
  void sixFieldsStartWithSeconds() {
    assertThat(next("CRON_TZ=UTC 15 * * * * *", 2))
        .containsExactly("2026-01-01T00:00:15Z", "2026-01-01T00:01:15Z");
    assertThat(next("CRON_TZ=UTC */20 * * * * *", 3))
        .containsExactly("2026-01-01T00:00:20Z", "2026-01-01T00:00:40Z", "2026-01-01T00:01:00Z");
  }

  @Test
  void fiveFieldsFireOnTheMinute() {
    assertThat(next("CRON_TZ=UTC 30 * * * *", 2))
        .containsExactly("2026-01-01T00:30:00Z", "2026-01-01T01:30:00Z");
    assertThat(next("CRON_TZ=UTC 0 9-10 * * mon-fri", 3))
        .containsExactly("2026-01-01T09:00:00Z", "2026-01-01T10:00:00Z", "2026-01-02T09:00:00Z");
  }

  @Test
  void descriptorsExpandAsRobfigDoes() {
    assertThat(next("CRON_TZ=UTC @hourly", 1)).containsExactly("2026-01-01T01:00:00Z");
    assertThat(next("CRON_TZ=UTC @daily", 1)).containsExactly("2026-01-02T00:00:00Z");
    assertThat(next("CRON_TZ=UTC @midnight", 1)).containsExactly("2026-01-02T00:00:00Z");
    assertThat(next("CRON_TZ=UTC @weekly", 1)).containsExactly("2026-01-04T00:00:00Z");
    assertThat(next("CRON_TZ=UTC @monthly", 1)).containsExactly("2026-02-01T00:00:00Z");
    assertThat(next("CRON_TZ=UTC @yearly", 1)).containsExactly("2027-01-01T00:00:00Z");
    assertThat(next("CRON_TZ=UTC @annually", 1)).containsExactly("2027-01-01T00:00:00Z");
  }

  @Test
  void everyIsAConstantDelayInWholeSecondsOfAtLeastOne() {
    CronSchedule every = CronSchedule.parse("@every 15s");
    assertThat(every.next(START)).isEqualTo(START.plusSeconds(15));
    assertThat(every.next(START.plusMillis(400))).isEqualTo(START.plusSeconds(15));
    assertThat(CronSchedule.parse("@every 1m30s").next(START)).isEqualTo(START.plusSeconds(90));
    assertThat(CronSchedule.parse("@every 1500ms").next(START)).isEqualTo(START.plusSeconds(1));
    assertThat(CronSchedule.parse("@every 10ms").next(START)).isEqualTo(START.plusSeconds(1));
  }

  @Test
  void aZonePrefixReadsTheFieldsInThatZone() {
    CronSchedule paris = CronSchedule.parse("CRON_TZ=Europe/Paris 0 0 9 * * *");
    assertThat(paris.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(paris.next(START)).isEqualTo(Instant.parse("2026-01-01T08:00:00Z"));
    assertThat(paris.next(Instant.parse("2026-07-01T00:00:00Z")))
        .isEqualTo(Instant.parse("2026-07-01T07:00:00Z"));
    assertThat(CronSchedule.parse("TZ=America/New_York 0 12 * * *").next(START))
        .isEqualTo(Instant.parse("2026-01-01T17:00:00Z"));
  }

  @Test
  void twoRestrictedDayFieldsMatchEitherAsInUnixCron() {
    // The 1st of the month or a Monday.
    assertThat(next("CRON_TZ=UTC 0 0 0 1 * 1", 3))
        .containsExactly("2026-01-05T00:00:00Z", "2026-01-12T00:00:00Z", "2026-01-19T00:00:00Z");
    // A star or a question mark in one of them leaves the other alone.
    assertThat(next("CRON_TZ=UTC 0 0 0 * * sun", 1)).containsExactly("2026-01-04T00:00:00Z");
    assertThat(next("CRON_TZ=UTC 0 0 0 ? * SUN", 1)).containsExactly("2026-01-04T00:00:00Z");
    assertThat(next("CRON_TZ=UTC 0 0 0 15 * ?", 1)).containsExactly("2026-01-15T00:00:00Z");
  }

  @Test
  void monthAndDayNamesInAnyCase() {
    assertThat(next("CRON_TZ=UTC 0 0 1 Mar *", 1)).containsExactly("2026-03-01T00:00:00Z");
    assertThat(next("CRON_TZ=UTC 0 0 * * Sat", 1)).containsExactly("2026-01-03T00:00:00Z");
  }

  @Test
  void schedulesDaprRejectsAreRejected() {
    assertRejected("* * *", "expected 5 to 6 fields, found 3");
    assertRejected("0 0 0 0 * * * *", "expected 5 to 6 fields, found 8");
    assertRejected("", "empty spec string");
    assertRejected("@every 15", "failed to parse duration @every 15");
    assertRejected("@every soon", "failed to parse duration @every soon");
    assertRejected("@fortnightly", "unrecognized descriptor: @fortnightly");
    assertRejected("CRON_TZ=Mars/Olympus 0 * * * *", "provided bad location Mars/Olympus");
    assertRejected("60 * * * * *", "");
    assertRejected("* 24 * * *", "");
    assertRejected("* * * * 7", "");
    assertRejected("* * 0 * *", "");
    assertRejected("* * * 13 *", "");
    assertRejected("* * * * funday", "");
    assertRejected("0 0 L * *", "");
  }

  private static void assertRejected(String spec, String message) {
    assertThatThrownBy(() -> CronSchedule.parse(spec))
        .as(spec)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
