package dev.plumb.api.spi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations written as Dapr writes them: Go syntax ({@code 1h30m}, {@code 2.5s}, {@code
 * 500ms}, {@code 10us}), ISO-8601 ({@code PT5S}), or a plain number of seconds. Go durations are
 * limited to Go's range (int64 nanoseconds, about 292 years).
 */
public final class Durations {
  private static final Pattern GO_PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @param text the duration; not {@code null}
   * @return the parsed duration; may be negative with a leading {@code -}
   * @throws IllegalArgumentException if the text is not a duration
   */
  public static Duration parse(String text) {
    String s = text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration");
    }
    if (s.matches("[+-]?\\d+")) {
      return Duration.ofSeconds(Long.parseLong(s));
    }
    if (s.startsWith("P") || s.startsWith("-P")) {
      try {
        return Duration.parse(s);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("not a duration: " + text, e);
      }
    }
    boolean negative = s.startsWith("-");
    if (negative || s.startsWith("+")) {
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = GO_PART.matcher(s);
    BigDecimal nanos = BigDecimal.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        throw new IllegalArgumentException("not a duration: " + text);
      }
      end = m.end();
      nanos =
          nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
    }
    if (end != s.length() || end == 0) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    Duration d;
    try {
      d = Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
    } catch (ArithmeticException e) {
      // Go durations are int64 nanoseconds: beyond about 292 years they do not exist.
      throw new IllegalArgumentException("duration out of range: " + text, e);
    }
    return negative ? d.negated() : d;
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
}
