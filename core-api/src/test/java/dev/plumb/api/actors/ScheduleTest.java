package dev.plumb.api.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleTest {
  private static final Instant T0 = Instant.parse("2026-01-31T10:00:00Z");

  @ParameterizedTest
  @CsvSource({
    "0s, 2026-01-31T10:00:00Z",
    "2h30m, 2026-01-31T12:30:00Z",
    "0h0m9s0ms, 2026-01-31T10:00:09Z",
    "1.5s, 2026-01-31T10:00:01.500Z",
    "PT2H30M, 2026-01-31T12:30:00Z",
    "P1D, 2026-02-01T10:00:00Z",
    "P1M, 2026-02-28T10:00:00Z",
    "P1W, 2026-02-07T10:00:00Z",
    "P1Y2M3DT4H5M6S, 2027-04-03T14:05:06Z",
    "PT0.25S, 2026-01-31T10:00:00.250Z",
    "2026-03-01T08:00:00Z, 2026-03-01T08:00:00Z",
    "2026-03-01T08:00:00+02:00, 2026-03-01T06:00:00Z",
    "-5s, 2026-01-31T09:59:55Z"
  })
  void dueTimeIsAGoOrIsoDurationOrAnRfc3339Time(String dueTime, String expected) {
    Schedule s = Schedule.builder().dueTime(dueTime).build();
    assertThat(s.firstDueTime(T0)).isEqualTo(Instant.parse(expected));
    assertThat(s.isPeriodic()).isFalse();
    assertThat(s.repetitions()).isEqualTo(1);
  }

  @Test
  void withoutDueTimeItFiresAtOnce() {
    assertThat(Schedule.builder().build().firstDueTime(T0)).isEqualTo(T0);
  }

  @Test
  void periodsRepeatWithCalendarUnitsInUtc() {
    Schedule monthly = Schedule.builder().period("P1M").build();
    assertThat(monthly.isPeriodic()).isTrue();
    assertThat(monthly.repetitions()).isEqualTo(-1);
    assertThat(monthly.nextDueTime(T0)).isEqualTo(Instant.parse("2026-02-28T10:00:00Z"));
    Schedule go = Schedule.builder().period("1m30s").build();
    assertThat(go.nextDueTime(T0)).isEqualTo(T0.plusSeconds(90));
  }

  @Test
  void repetitionsCountEveryFiringTheFirstIncluded() {
    Schedule five = Schedule.builder().period("R5/PT1M").build();
    assertThat(five.repetitions()).isEqualTo(5);
    assertThat(five.nextDueTime(T0)).isEqualTo(T0.plusSeconds(60));
    assertThat(five.period()).isEqualTo("R5/PT1M");
    Schedule once = Schedule.builder().period("R1/PT1M").build();
    assertThat(once.isPeriodic()).isFalse();
    assertThatThrownBy(() -> once.nextDueTime(T0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aZeroPeriodFiresOnceAsInDapr() {
    Schedule s = Schedule.builder().dueTime(Duration.ofSeconds(5)).period(Duration.ZERO).build();
    assertThat(s.isPeriodic()).isFalse();
    assertThat(s.period()).isEqualTo("0s");
  }

  @Test
  void ttlCountsFromTheFirstDueTimeOrIsAnInstant() {
    Schedule relative = Schedule.builder().dueTime("1h").period("1h").ttl("PT90M").build();
    Instant first = relative.firstDueTime(T0);
    assertThat(relative.expiration(first)).isEqualTo(T0.plusSeconds(150 * 60));
    Schedule absolute = Schedule.builder().ttl("2026-02-01T00:00:00Z").build();
    assertThat(absolute.expiration(T0)).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
    assertThat(Schedule.builder().build().expiration(T0)).isNull();
  }

  @Test
  void shortcutsAndBuildersSpellDurationsAsGoDoes() {
    Schedule every = Schedule.every(Duration.ofSeconds(10));
    assertThat(every.dueTime()).isEqualTo("10s");
    assertThat(every.period()).isEqualTo("10s");
    assertThat(every.firstDueTime(T0)).isEqualTo(T0.plusSeconds(10));
    assertThat(Schedule.after(Duration.ofMinutes(30)).firstDueTime(T0))
        .isEqualTo(T0.plusSeconds(1800));
    assertThat(Schedule.at(T0).dueTime()).isEqualTo("2026-01-31T10:00:00Z");
    assertThat(every.toBuilder().ttl(Duration.ofHours(1)).build())
        .isEqualTo(Schedule.builder().dueTime("10s").period("10s").ttl("1h0m0s").build());
    assertThatThrownBy(() -> Schedule.every(Duration.ZERO))
        .isInstanceOf(ActorScheduleException.class)
        .hasMessage("invalid period '0s': must be positive");
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "5 minutes", "P", "PT", "P1H", "R5/PT1M", "1x"})
  void anInvalidDueTimeNamesFieldAndValue(String dueTime) {
    assertThatThrownBy(() -> Schedule.builder().dueTime(dueTime).build())
        .isInstanceOf(ActorScheduleException.class)
        .hasMessageStartingWith("invalid dueTime '" + dueTime + "': ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"often", "R0/PT1M", "R5/1m", "RX/PT1M", "-1m", "P1.5D", "PT"})
  void anInvalidPeriodNamesFieldAndValue(String period) {
    assertThatThrownBy(() -> Schedule.builder().period(period).build())
        .isInstanceOf(ActorScheduleException.class)
        .hasMessageStartingWith("invalid period '" + period + "': ");
  }

  @Test
  void messagesSayWhatIsWrong() {
    assertThatThrownBy(() -> Schedule.builder().period("R0/PT1M").build())
        .hasMessage("invalid period 'R0/PT1M': has zero repetitions");
    assertThatThrownBy(() -> Schedule.builder().ttl("R2/PT1M").build())
        .hasMessage("invalid ttl 'R2/PT1M': repetitions are allowed in a period only");
    assertThatThrownBy(() -> Schedule.builder().period("-1m").build())
        .hasMessage("invalid period '-1m': must not be negative");
  }
}
