package dev.plumb.api.state.spi;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.spi.DaprValues;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** Helpers shared by state components for Dapr's request metadata conventions. */
public final class StateComponents {
  /** The request metadata key carrying a TTL in whole seconds. */
  public static final String TTL_IN_SECONDS = "ttlInSeconds";

  /**
   * The longest TTL, in seconds: Go's longest duration ({@link DaprValues#MAX_DURATION}, about 292
   * years), which bounds Dapr's TTLs too. A longer one is refused before anything is written, since
   * stores fail on it half-way (Redis) or overflow.
   */
  public static final long MAX_TTL_SECONDS = DaprValues.MAX_DURATION.getSeconds();

  private StateComponents() {}

  /**
   * Reads the {@code ttlInSeconds} request metadata.
   *
   * @param metadata request metadata
   * @return the TTL in seconds (negative means "no expiry, clear any TTL"), or {@code null} if
   *     absent
   * @throws InvalidRequestException if the value is not an integer or exceeds {@link
   *     #MAX_TTL_SECONDS}
   */
  public static Long ttlSeconds(Map<String, String> metadata) {
    String v = metadata.get(TTL_IN_SECONDS);
    if (v == null) {
      return null;
    }
    long ttl;
    try {
      ttl = Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(
          "metadata ttlInSeconds must be an integer, got '" + abbreviate(v) + "'");
    }
    if (ttl > MAX_TTL_SECONDS) {
      throw new InvalidRequestException(
          "metadata ttlInSeconds must be at most "
              + MAX_TTL_SECONDS
              + " (about 292 years), got "
              + ttl);
    }
    return ttl;
  }

  /** A request value in a message, cut short: it may be anything the caller sent. */
  private static String abbreviate(String v) {
    return v.length() <= 64 ? v : v.substring(0, 64) + "...";
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
