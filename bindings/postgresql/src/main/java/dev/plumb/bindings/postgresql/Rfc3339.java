package dev.plumb.bindings.postgresql;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Go's {@code time.RFC3339Nano} of a UTC instant: fraction without trailing zeros, then {@code Z}.
 */
final class Rfc3339 {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  private Rfc3339() {}

  static String nano(Instant instant) {
    LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    StringBuilder sb = new StringBuilder(SECONDS.format(t));
    if (t.getNano() > 0) {
      sb.append('.').append(String.format("%09d", t.getNano()).replaceAll("0+$", ""));
    }
    return sb.append('Z').toString();
  }
}
