package dev.plumb.api.actors;

import dev.plumb.api.spi.DaprValues;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a timer or reminder fires, with Dapr's fields and spellings:
 *
 * <ul>
 *   <li>{@code dueTime}: the first firing, as a Go duration ({@code 2h30m}), an ISO 8601 duration
 *       ({@code PT2H30M}, {@code P1D}) counted from registration, or an RFC 3339 time ({@code
 *       2026-01-01T10:00:00Z}); absent, it fires at once.
 *   <li>{@code period}: the interval between firings, as a Go or ISO 8601 duration, with an
 *       optional repetition count ({@code R5/PT1M}: five firings in all, the first included);
 *       absent or zero, it fires once.
 *   <li>{@code ttl}: when it stops, as a Go or ISO 8601 duration counted from the first firing, or
 *       an RFC 3339 time. It stops at whichever comes first, the ttl or the last repetition.
 * </ul>
 *
 * <p>ISO 8601 years, months, weeks and days are calendar units in UTC ({@code P1M} from January 31
 * is February 28). Immutable; build with {@link #builder()} or a shortcut. Every spelling is
 * checked when the schedule is built, and an invalid one throws {@link ActorScheduleException}.
 *
 * <pre>{@code
 * Schedule.after(Duration.ofMinutes(30));                         // once, in 30 minutes
 * Schedule.every(Duration.ofSeconds(10));                         // in 10 s, then every 10 s
 * Schedule.builder().dueTime("0s").period("R5/PT1M").ttl("1h").build();
 * }</pre>
 */
public final class Schedule {
  private static final Pattern ISO =
      Pattern.compile(
          "(?:R(\\d+)/)?P(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)W)?(?:(\\d+)D)?"
              + "(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+(?:\\.\\d{1,9})?)S)?)?");

  private final String dueTime;
  private final String period;
  private final String ttl;
  private final Time due;
  private final Interval interval;
  private final Time expiry;

  private Schedule(Builder b) {
    this.dueTime = b.dueTime;
    this.period = b.period;
    this.ttl = b.ttl;
    this.due = dueTime == null ? null : Time.parse("dueTime", dueTime);
    this.interval = period == null ? null : Interval.parse(period);
    this.expiry = ttl == null ? null : Time.parse("ttl", ttl);
  }

  /**
   * Fires once, after a delay.
   *
   * @param dueTime the delay; zero or negative fires at once
   * @return the schedule
   */
  public static Schedule after(Duration dueTime) {
    return builder().dueTime(dueTime).build();
  }

  /**
   * Fires once, at an instant.
   *
   * @param dueTime the instant; a past one fires at once
   * @return the schedule
   */
  public static Schedule at(Instant dueTime) {
    return builder().dueTime(dueTime).build();
  }

  /**
   * Fires every {@code period}, the first time one period from registration.
   *
   * @param period the interval; positive
   * @return the schedule
   * @throws ActorScheduleException if {@code period} is not positive
   */
  public static Schedule every(Duration period) {
    if (period.isNegative() || period.isZero()) {
      throw new ActorScheduleException(
          "invalid period '" + DaprValues.formatDuration(period) + "': must be positive");
    }
    return builder().dueTime(period).period(period).build();
  }

  /**
   * Starts a builder with no field set: a schedule that fires once, at once.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this schedule's fields.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.dueTime = dueTime;
    b.period = period;
    b.ttl = ttl;
    return b;
  }

  /**
   * Returns the {@code dueTime} as given (durations given as {@link Duration} in Go's spelling,
   * instants in RFC 3339).
   *
   * @return the spelling, or {@code null} if absent
   */
  public String dueTime() {
    return dueTime;
  }

  /**
   * Returns the {@code period} as given.
   *
   * @return the spelling, such as {@code R5/PT1M}, or {@code null} if absent
   */
  public String period() {
    return period;
  }

  /**
   * Returns the {@code ttl} as given.
   *
   * @return the spelling, or {@code null} if absent
   */
  public String ttl() {
    return ttl;
  }

  /**
   * Returns when the first firing is due for a registration at {@code registeredAt}.
   *
   * @param registeredAt when the timer or reminder is registered
   * @return the first due time
   */
  public Instant firstDueTime(Instant registeredAt) {
    return due == null ? registeredAt : due.from(registeredAt);
  }

  /**
   * Returns when the schedule stops, from its {@code ttl}.
   *
   * @param firstDueTime the first due time, from {@link #firstDueTime(Instant)}
   * @return the instant after which it never fires, or {@code null} without a {@code ttl}
   */
  public Instant expiration(Instant firstDueTime) {
    return expiry == null ? null : expiry.from(firstDueTime);
  }

  /**
   * Returns whether it fires more than once.
   *
   * @return {@code true} if it has a non-zero period and more than one repetition
   */
  public boolean isPeriodic() {
    return interval != null && !interval.isZero() && interval.repetitions != 1;
  }

  /**
   * Returns how many times it fires at most, from the period's {@code R<n>/}.
   *
   * @return the count; -1 for no limit; 1 if not periodic
   */
  public int repetitions() {
    return isPeriodic() ? interval.repetitions : 1;
  }

  /**
   * Returns the due time that follows one, one period later.
   *
   * @param dueTime a due time
   * @return {@code dueTime} plus the period
   * @throws IllegalStateException if the schedule is not periodic
   */
  public Instant nextDueTime(Instant dueTime) {
    if (!isPeriodic()) {
      throw new IllegalStateException("the schedule is not periodic");
    }
    return interval.after(dueTime);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Schedule
        && Objects.equals(dueTime, ((Schedule) o).dueTime)
        && Objects.equals(period, ((Schedule) o).period)
        && Objects.equals(ttl, ((Schedule) o).ttl);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dueTime, period, ttl);
  }

  @Override
  public String toString() {
    return "Schedule[dueTime=" + dueTime + ", period=" + period + ", ttl=" + ttl + "]";
  }

  /** A point in time: fixed, or a calendar period plus a duration after some instant. */
  private static final class Time {
    private final Instant fixed;
    private final Interval relative;

    private Time(Instant fixed, Interval relative) {
      this.fixed = fixed;
      this.relative = relative;
    }

    static Time parse(String field, String text) {
      String s = text.trim();
      if (s.startsWith("P") || s.startsWith("R")) {
        Interval i = Interval.iso(field, s);
        if (i.repetitions != -1) {
          throw invalid(field, text, "repetitions are allowed in a period only");
        }
        return new Time(null, i);
      }
      try {
        return new Time(null, new Interval(Period.ZERO, DaprValues.parseDuration(s), -1));
      } catch (IllegalArgumentException notADuration) {
        try {
          return new Time(OffsetDateTime.parse(s).toInstant(), null);
        } catch (DateTimeParseException notATime) {
          throw invalid(
              field,
              text,
              "expected a Go duration (1h30m), an ISO 8601 duration (PT1H30M) or an RFC 3339"
                  + " time (2026-01-01T10:00:00Z)");
        }
      }
    }

    Instant from(Instant start) {
      return fixed != null ? fixed : relative.after(start);
    }
  }

  /** A calendar period plus a duration, repeated {@code repetitions} times (-1: no limit). */
  private static final class Interval {
    private final Period calendar;
    private final Duration duration;
    private final int repetitions;

    private Interval(Period calendar, Duration duration, int repetitions) {
      this.calendar = calendar;
      this.duration = duration;
      this.repetitions = repetitions;
    }

    static Interval parse(String text) {
      String s = text.trim();
      Interval i;
      if (s.startsWith("P") || s.startsWith("R")) {
        i = iso("period", s);
      } else {
        try {
          i = new Interval(Period.ZERO, DaprValues.parseDuration(s), -1);
        } catch (IllegalArgumentException e) {
          throw invalid(
              "period",
              text,
              "expected a Go duration (1m30s) or an ISO 8601 duration (PT1M30S, R5/PT1M)");
        }
      }
      if (i.duration.isNegative()) {
        throw invalid("period", text, "must not be negative");
      }
      return i;
    }

    static Interval iso(String field, String text) {
      Matcher m = ISO.matcher(text);
      if (!m.matches() || text.endsWith("P") || text.endsWith("T")) {
        throw invalid(
            field,
            text,
            "not an ISO 8601 duration such as P1DT2H, PT1M30S"
                + ("period".equals(field) ? " or R5/PT1M" : ""));
      }
      int repetitions = -1;
      try {
        if (m.group(1) != null) {
          repetitions = Integer.parseInt(m.group(1));
          if (repetitions == 0) {
            throw invalid(field, text, "has zero repetitions");
          }
        }
        Period calendar =
            Period.of(
                number(m.group(2)),
                number(m.group(3)),
                Math.addExact(Math.multiplyExact(number(m.group(4)), 7), number(m.group(5))));
        Duration d =
            Duration.ofHours(number(m.group(6)))
                .plusMinutes(number(m.group(7)))
                .plus(
                    m.group(8) == null
                        ? Duration.ZERO
                        : DaprValues.parseDuration(m.group(8) + "s"));
        return new Interval(calendar, d, repetitions);
      } catch (ArithmeticException | IllegalArgumentException e) {
        if (e instanceof ActorScheduleException) {
          throw (ActorScheduleException) e;
        }
        throw invalid(field, text, "out of range");
      }
    }

    private static int number(String digits) {
      return digits == null ? 0 : Integer.parseInt(digits);
    }

    boolean isZero() {
      return calendar.isZero() && duration.isZero();
    }

    Instant after(Instant start) {
      Instant t =
          calendar.isZero() ? start : start.atOffset(ZoneOffset.UTC).plus(calendar).toInstant();
      return t.plus(duration);
    }
  }

  private static ActorScheduleException invalid(String field, String text, String why) {
    return new ActorScheduleException("invalid " + field + " '" + text + "': " + why);
  }

  /** Builds a {@link Schedule}. Not thread-safe. */
  public static final class Builder {
    private String dueTime;
    private String period;
    private String ttl;

    private Builder() {}

    /**
     * Sets the first firing, in Dapr's spelling.
     *
     * @param dueTime a Go or ISO 8601 duration from registration, or an RFC 3339 time; {@code null}
     *     to fire at once
     * @return this builder
     */
    public Builder dueTime(String dueTime) {
      this.dueTime = blankToNull(dueTime);
      return this;
    }

    /**
     * Sets the first firing as a delay from registration.
     *
     * @param dueTime the delay; zero or negative fires at once
     * @return this builder
     */
    public Builder dueTime(Duration dueTime) {
      this.dueTime = DaprValues.formatDuration(Objects.requireNonNull(dueTime, "dueTime"));
      return this;
    }

    /**
     * Sets the first firing as an instant.
     *
     * @param dueTime the instant; a past one fires at once
     * @return this builder
     */
    public Builder dueTime(Instant dueTime) {
      this.dueTime = Objects.requireNonNull(dueTime, "dueTime").toString();
      return this;
    }

    /**
     * Sets the interval between firings, in Dapr's spelling.
     *
     * @param period a Go or ISO 8601 duration, optionally {@code R<n>/}-prefixed; {@code null} or
     *     zero to fire once
     * @return this builder
     */
    public Builder period(String period) {
      this.period = blankToNull(period);
      return this;
    }

    /**
     * Sets the interval between firings.
     *
     * @param period the interval; zero to fire once
     * @return this builder
     */
    public Builder period(Duration period) {
      this.period = DaprValues.formatDuration(Objects.requireNonNull(period, "period"));
      return this;
    }

    /**
     * Sets when the schedule stops, in Dapr's spelling.
     *
     * @param ttl a Go or ISO 8601 duration from the first firing, or an RFC 3339 time; {@code null}
     *     for none
     * @return this builder
     */
    public Builder ttl(String ttl) {
      this.ttl = blankToNull(ttl);
      return this;
    }

    /**
     * Sets how long after the first firing the schedule stops.
     *
     * @param ttl the duration
     * @return this builder
     */
    public Builder ttl(Duration ttl) {
      this.ttl = DaprValues.formatDuration(Objects.requireNonNull(ttl, "ttl"));
      return this;
    }

    /**
     * Sets when the schedule stops.
     *
     * @param ttl the instant
     * @return this builder
     */
    public Builder ttl(Instant ttl) {
      this.ttl = Objects.requireNonNull(ttl, "ttl").toString();
      return this;
    }

    /**
     * Checks the fields and builds the schedule.
     *
     * @return the schedule
     * @throws ActorScheduleException naming the first invalid field and its value
     */
    public Schedule build() {
      return new Schedule(this);
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s.trim();
    }
  }
}
