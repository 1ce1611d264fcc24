package dev.plumb.api.state.spi;

import dev.plumb.api.InvalidRequestException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** Helpers shared by state components for Dapr's request metadata conventions. */
public final class StateComponents {
  /** The request metadata key carrying a TTL in whole seconds. */
  public static final String TTL_IN_SECONDS = "ttlInSeconds";

  private StateComponents() {}

  /**
   * Reads the {@code ttlInSeconds} request metadata.
   *
   * @param metadata request metadata
   * @return the TTL in seconds (negative means "no expiry, clear any TTL"), or {@code null} if
   *     absent
   * @throws InvalidRequestException if the value is not an integer
   */
  public static Long ttlSeconds(Map<String, String> metadata) {
    String v = metadata.get(TTL_IN_SECONDS);
    if (v == null) {
      return null;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(
          "metadata ttlInSeconds must be an integer, got '" + v + "'");
    }
  }

  /**
   * Formats an expiry as Dapr's {@code ttlExpireTime} response metadata: RFC 3339, UTC, seconds.
   *
   * @param expiry the instant the value expires
   * @return for example {@code 2026-01-01T10:00:00Z}
   */
  public static String formatExpireTime(Instant expiry) {
    return expiry.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
