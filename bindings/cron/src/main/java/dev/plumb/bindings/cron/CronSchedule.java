package dev.plumb.bindings.cron;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.plumb.api.spi.DaprValues;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A schedule in the grammar of Dapr's cron binding (robfig/cron with {@code SecondOptional | Minute
 * | Hour | Dom | Month | Dow | Descriptor}):
 *
 * <ul>
 *   <li>5 fields ({@code minute hour day-of-month month day-of-week}) or 6 (seconds first); {@code
 *       *}, {@code ?}, lists, ranges, steps, month names {@code JAN-DEC} and day names {@code
 *       SUN-SAT} in any case; days of week 0-6 from Sunday; when both day fields are restricted a
 *       day matching either fires, as in Unix cron;
 *   <li>descriptors {@code @yearly} ({@code @annually}), {@code @monthly}, {@code @weekly}, {@code
 *       @daily} ({@code @midnight}), {@code @hourly}, and {@code @every <Go duration>} (at least
 *       one second, whole seconds);
 *   <li>a {@code CRON_TZ=<zone>} or {@code TZ=<zone>} prefix; otherwise the JVM's default zone, as
 *       Dapr uses the host's local time.
 * </ul>
 *
 * <p>Fields are parsed by cron-utils with a definition of these ranges; descriptors, {@code @every}
 * and the zone prefix are read here, around it. Immutable and thread-safe.
 */
final class CronSchedule {
  // robfig's descriptors, as the 6-field expressions it expands them to.
  private static final Map<String, String> DESCRIPTORS =
      Map.of(
          "@yearly", "0 0 0 1 1 *",
          "@annually", "0 0 0 1 1 *",
          "@monthly", "0 0 0 1 * *",
          "@weekly", "0 0 0 * * 0",
          "@daily", "0 0 0 * * *",
          "@midnight", "0 0 0 * * *",
          "@hourly", "0 0 * * * *");

  private static final CronDefinition DEFINITION =
      CronDefinitionBuilder.defineCron()
          .withSeconds()
          .withValidRange(0, 59)
          .withStrictRange()
          .and()
          .withMinutes()
          .withValidRange(0, 59)
          .withStrictRange()
          .and()
          .withHours()
          .withValidRange(0, 23)
          .withStrictRange()
          .and()
          .withDayOfMonth()
          .withValidRange(1, 31)
          .withStrictRange()
          .and()
          .withMonth()
          .withValidRange(1, 12)
          .withStrictRange()
          .and()
          .withDayOfWeek()
          .withValidRange(0, 6)
          .withMondayDoWValue(1)
          .withStrictRange()
          .and()
          .instance();

  private static final CronParser PARSER = new CronParser(DEFINITION);

  private final String spec;
  private final ZoneId zone;
  private final ExecutionTime fields;
  private final Duration every;

  private CronSchedule(String spec, ZoneId zone, ExecutionTime fields, Duration every) {
    this.spec = spec;
    this.zone = zone;
    this.fields = fields;
    this.every = every;
  }

  /**
   * Parses a schedule.
   *
   * @param spec the schedule, as in the {@code schedule} metadata
   * @return the schedule
   * @throws IllegalArgumentException saying what Dapr's parser would object to
   */
  static CronSchedule parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    String rest = spec.trim();
    ZoneId zone = ZoneId.systemDefault();
    if (rest.startsWith("CRON_TZ=") || rest.startsWith("TZ=")) {
      int space = rest.indexOf(' ');
      String id = rest.substring(rest.indexOf('=') + 1, space < 0 ? rest.length() : space);
      try {
        zone = ZoneId.of(id);
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("provided bad location " + id + ": " + e.getMessage());
      }
      rest = space < 0 ? "" : rest.substring(space + 1).trim();
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("empty spec string");
    }
    if (rest.startsWith("@every ")) {
      return new CronSchedule(spec, zone, null, every(rest.substring(7).trim()));
    }
    String fields = rest;
    if (rest.startsWith("@")) {
      fields = DESCRIPTORS.get(rest.toLowerCase(Locale.ROOT));
      if (fields == null) {
        throw new IllegalArgumentException("unrecognized descriptor: " + rest);
      }
    }
    String[] parts = fields.split("\\s+");
    if (parts.length != 5 && parts.length != 6) {
      throw new IllegalArgumentException(
          "expected 5 to 6 fields, found " + parts.length + ": " + fields);
    }
    StringBuilder six = new StringBuilder(parts.length == 5 ? "0" : "");
    for (int i = 0; i < parts.length; i++) {
      // robfig reads '?' as '*' in every field; cron-utils knows it only in the day fields, with
      // Quartz's meaning, which would make the two day fields match together rather than either.
      String part = parts[i].replace('?', '*');
      six.append(six.length() == 0 ? "" : " ").append(part.toUpperCase(Locale.ROOT));
    }
    try {
      Cron cron = PARSER.parse(six.toString());
      return new CronSchedule(spec, zone, ExecutionTime.forCron(cron), null);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Reads {@code @every}'s Go duration: at least a second, in whole seconds, as robfig does. */
  private static Duration every(String text) {
    if (text.isEmpty() || !Character.isLetter(text.charAt(text.length() - 1))) {
      throw new IllegalArgumentException(
          "failed to parse duration @every " + text + ": a Go duration such as 15s or 1m30s");
    }
    Duration d;
    try {
      d = DaprValues.parseDuration(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "failed to parse duration @every " + text + ": " + e.getMessage(), e);
    }
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      return Duration.ofSeconds(1);
    }
    return Duration.ofSeconds(d.getSeconds());
  }

  /**
   * Returns the first instant the schedule fires strictly after {@code after}.
   *
   * @param after the instant to look from
   * @return the next instant, or {@code null} if the schedule never fires again (such as 30
   *     February)
   */
  Instant next(Instant after) {
    if (every != null) {
      // robfig: t + delay - t's fraction of a second, so runs fall on whole seconds.
      return after.plus(every).minusNanos(after.getNano());
    }
    return fields
        .nextExecution(ZonedDateTime.ofInstant(after, zone))
        .map(ZonedDateTime::toInstant)
        .orElse(null);
  }

  /**
   * Returns the zone the fields are read in.
   *
   * @return the {@code CRON_TZ} zone, or the JVM's default
   */
  ZoneId zone() {
    return zone;
  }

  @Override
  public String toString() {
    return spec;
  }
}
