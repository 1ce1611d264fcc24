package dev.plumb.api.spi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes values the way Dapr spells them in component metadata, resources and request
 * metadata: booleans ({@code true}, {@code t}, {@code yes}, {@code y}, {@code on}, {@code 1} and
 * their opposites), durations (Go syntax {@code 1h30m}, {@code 2.5s}, {@code 500ms}, {@code 10us};
 * ISO-8601 {@code PT5S}; or a bare number in the unit the field uses, seconds unless a field says
 * otherwise) and Go's formatting of durations. Every reader in Plumb goes through this class, so
 * one spelling means the same everywhere.
 *
 * <p>Durations are limited to Go's range, int64 nanoseconds (about 292 years either way), as Dapr's
 * are; a longer one is an error, never an overflow later. Stateless and thread-safe.
 */
public final class DaprValues {
  /** The longest duration Dapr can express: Go's {@code time.Duration} maximum. */
  public static final Duration MAX_DURATION = Duration.ofNanos(Long.MAX_VALUE);

  private static final Pattern GO_PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)");
  private static final DateTimeFormatter RFC3339_SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final Pattern BYTE_SIZE =
      Pattern.compile("([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?");

  private DaprValues() {}

  /**
   * Tells whether a value is one of Dapr's truthy spellings ({@code IsTruthy} in dapr/kit).
   *
   * @param value the value, or {@code null}
   * @return {@code true} for {@code true}, {@code t}, {@code yes}, {@code y}, {@code on}, {@code 1}
   *     in any case, surrounding blanks ignored; {@code false} for anything else
   */
  public static boolean isTruthy(String value) {
    if (value == null) {
      return false;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true":
      case "t":
      case "yes":
      case "y":
      case "on":
      case "1":
        return true;
      default:
        return false;
    }
  }

  /**
   * Parses a boolean. Dapr reads every non-truthy value as {@code false}; Plumb reads only the
   * opposites of the truthy spellings as {@code false} and rejects the rest, so that a typo such as
   * {@code ture} is reported instead of silently turning a feature off.
   *
   * @param value the value; not {@code null}
   * @return the boolean
   * @throws IllegalArgumentException if the value is neither truthy nor one of {@code false},
   *     {@code f}, {@code no}, {@code n}, {@code off}, {@code 0} (any case)
   */
  public static boolean parseBoolean(String value) {
    if (isTruthy(value)) {
      return true;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "false":
      case "f":
      case "no":
      case "n":
      case "off":
      case "0":
        return false;
      default:
        throw new IllegalArgumentException("not a boolean: '" + value + "'");
    }
  }

  /**
   * Parses a duration; a bare number is seconds, as Dapr's metadata decoder reads it.
   *
   * @param text the duration; not {@code null}
   * @return the duration; negative with a leading {@code -}
   * @throws IllegalArgumentException if the text is not a duration or lies beyond Go's range
   */
  public static Duration parseDuration(String text) {
    return parseDuration(text, ChronoUnit.SECONDS);
  }

  /**
   * Parses a duration whose bare numbers are in a given unit (Dapr fields such as {@code
   * maxAwaitDurationMs} or a resiliency interval in milliseconds).
   *
   * @param text the duration; not {@code null}
   * @param bareUnit the unit of a number written without one
   * @return the duration; negative with a leading {@code -}
   * @throws IllegalArgumentException if the text is not a duration or lies beyond Go's range
   */
  public static Duration parseDuration(String text, ChronoUnit bareUnit) {
    String s = text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration");
    }
    if (INTEGER.matcher(s).matches()) {
      return inRange(text, new BigDecimal(s).multiply(BigDecimal.valueOf(nanosOf(bareUnit))));
    }
    if (s.startsWith("P") || s.startsWith("-P") || s.startsWith("+P")) {
      Duration d;
      try {
        d = Duration.parse(s);
      } catch (DateTimeParseException e) {
        if (e.getCause() instanceof ArithmeticException) {
          throw outOfRange(text, (ArithmeticException) e.getCause());
        }
        throw new IllegalArgumentException("not a duration: '" + text + "'", e);
      } catch (ArithmeticException e) {
        throw outOfRange(text, e);
      }
      return inRange(
          text,
          BigDecimal.valueOf(d.getSeconds())
              .multiply(BigDecimal.valueOf(1_000_000_000L))
              .add(BigDecimal.valueOf(d.getNano())));
    }
    boolean negative = s.startsWith("-");
    if (negative || s.startsWith("+")) {
      s = s.substring(1);
    }
    Matcher m = GO_PART.matcher(s);
    BigDecimal nanos = BigDecimal.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        throw new IllegalArgumentException("not a duration: '" + text + "'");
      }
      end = m.end();
      nanos =
          nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
    }
    if (end != s.length() || end == 0) {
      throw new IllegalArgumentException("not a duration: '" + text + "'");
    }
    return inRange(text, negative ? nanos.negate() : nanos);
  }

  private static Duration inRange(String text, BigDecimal nanos) {
    try {
      long n = nanos.setScale(0, RoundingMode.DOWN).longValueExact();
      if (n == Long.MIN_VALUE) {
        // Go's one duration without a positive twin: kept out so that every duration negates.
        throw new ArithmeticException("-2^63 ns");
      }
      return Duration.ofNanos(n);
    } catch (ArithmeticException e) {
      throw outOfRange(text, e);
    }
  }

  private static IllegalArgumentException outOfRange(String text, ArithmeticException cause) {
    return new IllegalArgumentException(
        "duration out of range: '"
            + (text.length() <= 64 ? text : text.substring(0, 64) + "...")
            + "' (the longest is "
            + formatDuration(MAX_DURATION)
            + ", about 292 years)",
        cause);
  }

  /**
   * Tells whether {@link #parseDuration} refused a text because it lies beyond {@link
   * #MAX_DURATION}, rather than because it is not a duration.
   *
   * @param e what {@code parseDuration} threw
   * @return {@code true} for a duration out of range
   */
  public static boolean isOutOfRange(IllegalArgumentException e) {
    return e.getCause() instanceof ArithmeticException;
  }

  private static long nanosOf(ChronoUnit unit) {
    Duration d = unit.getDuration();
    if (unit.isDurationEstimated() || d.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("not a unit of durations: " + unit);
    }
    return d.toNanos();
  }

  private static long unitNanos(String unit) {
    switch (unit) {
      case "ns":
        return 1L;
      case "us":
      case "\u00b5s":
      case "\u03bcs":
        return 1_000L;
      case "ms":
        return 1_000_000L;
      case "s":
        return 1_000_000_000L;
      case "m":
        return 60_000_000_000L;
      default:
        return 3_600_000_000_000L;
    }
  }

  /**
   * Parses a size in bytes as Dapr's {@code ByteSize} metadata reads it (a Kubernetes resource
   * quantity): a number of bytes, or one with a binary ({@code Ki}, {@code Mi}, {@code Gi}, {@code
   * Ti}, {@code Pi}, {@code Ei}) or decimal ({@code k}, {@code M}, {@code G}, {@code T}, {@code P},
   * {@code E}) suffix; a fraction is rounded up to a whole byte.
   *
   * @param text the value, such as {@code 100Mi}, {@code 1k} or {@code 4096}
   * @return the number of bytes; may be zero or negative, which Dapr's fields read as "no limit"
   * @throws IllegalArgumentException if the value is not a quantity, or exceeds a {@code long}
   */
  public static long parseByteSize(String text) {
    Matcher m = BYTE_SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a size in bytes such as 4096, 10Ki or 100Mi: '" + text + "'");
    }
    BigDecimal value = new BigDecimal(m.group(1));
    String suffix = m.group(2);
    if (suffix != null) {
      int exponent = "KMGTPE".indexOf(Character.toUpperCase(suffix.charAt(0))) + 1;
      BigDecimal unit =
          suffix.length() == 2
              ? BigDecimal.valueOf(1024).pow(exponent)
              : BigDecimal.TEN.pow(3 * exponent);
      value = value.multiply(unit);
    }
    try {
      return value.setScale(0, RoundingMode.CEILING).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("size out of range: '" + text + "'", e);
    }
  }

  /**
   * Formats an instant as Go's {@code time.RFC3339Nano} does for a UTC time, as Dapr's components
   * write timestamps: {@code 2026-01-02T03:04:05.5Z}, the fraction without trailing zeros and
   * absent when zero.
   *
   * @param instant the instant; not {@code null}
   * @return its Go spelling, in UTC
   */
  public static String formatRfc3339Nano(Instant instant) {
    LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    StringBuilder sb = new StringBuilder(30);
    int year = t.getYear();
    if (year >= 0 && year <= 9999) {
      // Written by hand: bindings stamp every answer, and DateTimeFormatter allocates a print
      // context and buffers per call.
      pad(sb, year, 4).append('-');
      pad(sb, t.getMonthValue(), 2).append('-');
      pad(sb, t.getDayOfMonth(), 2).append('T');
      pad(sb, t.getHour(), 2).append(':');
      pad(sb, t.getMinute(), 2).append(':');
      pad(sb, t.getSecond(), 2);
    } else {
      sb.append(RFC3339_SECONDS.format(t));
    }
    int nano = t.getNano();
    if (nano > 0) {
      sb.append('.');
      int digits = 9;
      while (nano % 10 == 0) {
        nano /= 10;
        digits--;
      }
      pad(sb, nano, digits);
    }
    return sb.append('Z').toString();
  }

  /** Appends a non-negative number left-padded with zeros to {@code width} digits. */
  private static StringBuilder pad(StringBuilder sb, int value, int width) {
    for (int limit = 10, w = 1; w < width; w++, limit *= 10) {
      if (value < limit) {
        sb.append('0');
      }
    }
    return sb.append(value);
  }

  /**
   * Formats a duration as Go's {@code time.Duration.String()} does, as Dapr prints them: {@code
   * 0s}, {@code 250ms}, {@code 1.5s}, {@code 1m30s}, {@code 2h0m0s}.
   *
   * @param d the duration; not {@code null}, within {@link #MAX_DURATION} either way
   * @return its Go spelling
   */
  public static String formatDuration(Duration d) {
    long nanos = d.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    if (nanos < 0) {
      return "-" + formatDuration(d.negated());
    }
    if (nanos < 1_000L) {
      return nanos + "ns";
    }
    if (nanos < 1_000_000L) {
      return decimal(nanos, 1_000L) + "\u00b5s";
    }
    if (nanos < 1_000_000_000L) {
      return decimal(nanos, 1_000_000L) + "ms";
    }
    StringBuilder sb = new StringBuilder();
    long hours = d.toHours();
    long minutes = d.toMinutesPart();
    if (hours > 0) {
      sb.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      sb.append(minutes).append('m');
    }
    return sb.append(decimal(nanos % 60_000_000_000L, 1_000_000_000L)).append('s').toString();
  }

  private static String decimal(long value, long unit) {
    long whole = value / unit;
    long fraction = value % unit;
    if (fraction == 0) {
      return Long.toString(whole);
    }
    String digits = Long.toString(unit + fraction);
    int end = digits.length();
    while (digits.charAt(end - 1) == '0') {
      end--; // trailing zeros, without a regex per call
    }
    return whole + "." + digits.substring(1, end);
  }
}
