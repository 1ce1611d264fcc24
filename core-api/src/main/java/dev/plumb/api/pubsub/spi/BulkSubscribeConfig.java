package dev.plumb.api.pubsub.spi;

import dev.plumb.api.InvalidRequestException;
import java.time.Duration;
import java.util.Objects;

/**
 * How a native bulk subscription batches: a batch is delivered once it holds {@code
 * maxMessagesCount} messages or {@code maxAwaitDuration} has passed since its first.
 *
 * @param maxMessagesCount the most messages per batch; positive
 * @param maxAwaitDuration the longest wait for a batch to fill; positive
 */
public record BulkSubscribeConfig(int maxMessagesCount, Duration maxAwaitDuration) {

  /** Dapr's defaults: 100 messages, 1 second. */
  public static final BulkSubscribeConfig DEFAULT =
      new BulkSubscribeConfig(100, Duration.ofMillis(1000));

  /**
   * Validates the components.
   *
   * @throws InvalidRequestException if a value is not positive
   */
  public BulkSubscribeConfig {
    Objects.requireNonNull(maxAwaitDuration, "maxAwaitDuration");
    if (maxMessagesCount <= 0) {
      throw new InvalidRequestException(
          "maxMessagesCount must be positive, got " + maxMessagesCount);
    }
    if (maxAwaitDuration.isZero() || maxAwaitDuration.isNegative()) {
      throw new InvalidRequestException(
          "maxAwaitDuration must be positive, got " + maxAwaitDuration);
    }
  }
}
