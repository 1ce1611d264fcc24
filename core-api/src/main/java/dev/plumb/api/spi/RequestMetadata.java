package dev.plumb.api.spi;

import dev.plumb.api.InvalidRequestException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Dapr's request metadata conventions shared by pub/sub and bindings components: well-known keys
 * and how their values are read. Keys are matched without regard to case, as Dapr does.
 */
public final class RequestMetadata {
  /** Time to live as a Go duration ({@code 90s}) or whole seconds; checked before the next key. */
  public static final String TTL = "ttl";

  /** Time to live in whole seconds, read if {@link #TTL} is absent. */
  public static final String TTL_IN_SECONDS = "ttlInSeconds";

  /** Sends or receives the payload without a CloudEvent envelope when truthy. */
  public static final String RAW_PAYLOAD = "rawPayload";

  /** The payload's media type. */
  public static final String CONTENT_TYPE = "contentType";

  private RequestMetadata() {}

  /**
   * Returns the value of the first of {@code names} present in {@code metadata}, ignoring case.
   *
   * @param metadata request metadata
   * @param names the keys to look for, in order of preference
   * @return the value of the first key present, or empty if none is present or its value is empty
   */
  public static Optional<String> get(Map<String, String> metadata, String... names) {
    for (String name : names) {
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          String v = e.getValue();
          return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Reads a message's time to live from {@code ttl} or {@code ttlInSeconds}, as contrib's {@code
   * TryGetTTL} does: a Go duration first ({@code 10s}, {@code 1m30s}; a negative one means zero),
   * otherwise an integer number of seconds that must be positive.
   *
   * @param metadata request metadata
   * @return the TTL, or empty if neither key is present
   * @throws InvalidRequestException if the value is neither a duration nor a positive integer
   */
  public static Optional<Duration> ttl(Map<String, String> metadata) {
    Optional<String> value = get(metadata, TTL, TTL_IN_SECONDS);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String v = value.get().trim();
    if (v.matches("[+-]?\\d+")) {
      // Go's time.ParseDuration accepts a bare zero only; other bare integers are seconds.
      if (v.matches("[+-]?0")) {
        return Optional.of(Duration.ZERO);
      }
      long seconds;
      try {
        seconds = Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw new InvalidRequestException(
            "metadata " + TTL + " value must be a valid integer: actual is '" + v + "'");
      }
      if (seconds <= 0) {
        throw new InvalidRequestException(
            "metadata " + TTL + " value must be higher than zero: actual is '" + v + "'");
      }
      return Optional.of(Duration.ofSeconds(seconds));
    }
    try {
      Duration d = DaprValues.parseDuration(v);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          "metadata " + TTL + " value must be a valid integer: actual is '" + v + "'");
    }
  }

  /**
   * Returns whether {@code rawPayload} is set to a truthy value ({@code true}, {@code t}, {@code
   * yes}, {@code y}, {@code on}, {@code 1}, any case), as Dapr's {@code IsTruthy}.
   *
   * @param metadata request metadata
   * @return {@code true} if the payload travels without a CloudEvent envelope
   */
  public static boolean rawPayload(Map<String, String> metadata) {
    return get(metadata, RAW_PAYLOAD).map(DaprValues::isTruthy).orElse(false);
  }
}
