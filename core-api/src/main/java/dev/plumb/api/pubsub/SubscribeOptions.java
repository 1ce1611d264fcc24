package dev.plumb.api.pubsub;

import dev.plumb.api.InvalidRequestException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to subscribe to a topic: dead-letter topic, raw payload, concurrency, batching of bulk
 * subscriptions and request metadata passed to the broker. Immutable; build with {@link
 * #builder()}.
 */
public final class SubscribeOptions {
  /** Dapr's default {@code maxMessagesCount} of a bulk subscription. */
  public static final int DEFAULT_MAX_MESSAGES_COUNT = 100;

  /** Dapr's default {@code maxAwaitDurationMs} of a bulk subscription. */
  public static final Duration DEFAULT_MAX_AWAIT_DURATION = Duration.ofMillis(1000);

  /**
   * No dead-letter topic, CloudEvent payloads, the component's concurrency, Dapr's batching
   * defaults, no metadata.
   */
  public static final SubscribeOptions DEFAULT = builder().build();

  private final String deadLetterTopic;
  private final boolean rawPayload;
  private final int concurrency;
  private final int maxMessagesCount;
  private final Duration maxAwaitDuration;
  private final Map<String, String> metadata;

  private SubscribeOptions(Builder b) {
    this.deadLetterTopic = b.deadLetterTopic;
    this.rawPayload = b.rawPayload;
    this.concurrency = b.concurrency;
    this.maxMessagesCount = b.maxMessagesCount;
    this.maxAwaitDuration = b.maxAwaitDuration;
    this.metadata = Map.copyOf(b.metadata);
  }

  /**
   * Returns a new builder with the defaults.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding these options.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.deadLetterTopic = deadLetterTopic;
    b.rawPayload = rawPayload;
    b.concurrency = concurrency;
    b.maxMessagesCount = maxMessagesCount;
    b.maxAwaitDuration = maxAwaitDuration;
    b.metadata.putAll(metadata);
    return b;
  }

  /**
   * Returns the topic, on the same component, that receives events whose delivery failed for good
   * or that were dropped.
   *
   * @return the topic, or {@code null} for none
   */
  public String deadLetterTopic() {
    return deadLetterTopic;
  }

  /**
   * Returns whether the broker's messages are not CloudEvents: each is wrapped in a synthetic one
   * whose payload holds the message's exact bytes.
   *
   * @return {@code true} for raw payloads
   */
  public boolean rawPayload() {
    return rawPayload;
  }

  /**
   * Returns how many events (or batches) the subscription handles at once. Events that share an
   * ordering key are still handled one after the other.
   *
   * @return a positive count, or 0 for the component's {@code concurrency} metadata (Dapr's name;
   *     10 by default), or 1 if its {@code concurrencyMode} is {@code single}
   */
  public int concurrency() {
    return concurrency;
  }

  /**
   * Returns the most entries of one batch of a bulk subscription.
   *
   * @return a positive count
   */
  public int maxMessagesCount() {
    return maxMessagesCount;
  }

  /**
   * Returns how long a bulk subscription waits for a batch to fill before handing it over.
   *
   * @return a positive duration
   */
  public Duration maxAwaitDuration() {
    return maxAwaitDuration;
  }

  /**
   * Returns the request metadata passed to the broker as is.
   *
   * @return an immutable map
   */
  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public String toString() {
    return "SubscribeOptions[deadLetterTopic="
        + deadLetterTopic
        + ", rawPayload="
        + rawPayload
        + ", concurrency="
        + concurrency
        + ", maxMessagesCount="
        + maxMessagesCount
        + ", maxAwaitDuration="
        + maxAwaitDuration
        + ", metadata="
        + metadata.keySet()
        + "]";
  }

  /** Builds {@link SubscribeOptions}. Not thread-safe. */
  public static final class Builder {
    private String deadLetterTopic;
    private boolean rawPayload;
    private int concurrency;
    private int maxMessagesCount = DEFAULT_MAX_MESSAGES_COUNT;
    private Duration maxAwaitDuration = DEFAULT_MAX_AWAIT_DURATION;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the dead-letter topic.
     *
     * @param deadLetterTopic the topic, or {@code null} for none
     * @return this builder
     * @throws InvalidRequestException if {@code deadLetterTopic} is empty
     */
    public Builder deadLetterTopic(String deadLetterTopic) {
      if (deadLetterTopic != null && deadLetterTopic.isEmpty()) {
        throw new InvalidRequestException("deadLetterTopic must not be empty");
      }
      this.deadLetterTopic = deadLetterTopic;
      return this;
    }

    /**
     * Reads the broker's messages as raw payloads, or as CloudEvents.
     *
     * @param rawPayload {@code true} for raw payloads
     * @return this builder
     */
    public Builder rawPayload(boolean rawPayload) {
      this.rawPayload = rawPayload;
      return this;
    }

    /**
     * Sets how many events (or batches) the subscription handles at once.
     *
     * @param concurrency positive; 0 for the component's default
     * @return this builder
     * @throws InvalidRequestException if negative
     */
    public Builder concurrency(int concurrency) {
      if (concurrency < 0) {
        throw new InvalidRequestException("concurrency must not be negative, got " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /**
     * Sets the most entries of one batch of a bulk subscription.
     *
     * @param maxMessagesCount positive
     * @return this builder
     * @throws InvalidRequestException if not positive
     */
    public Builder maxMessagesCount(int maxMessagesCount) {
      if (maxMessagesCount <= 0) {
        throw new InvalidRequestException(
            "maxMessagesCount must be positive, got " + maxMessagesCount);
      }
      this.maxMessagesCount = maxMessagesCount;
      return this;
    }

    /**
     * Sets how long a bulk subscription waits for a batch to fill.
     *
     * @param maxAwaitDuration positive
     * @return this builder
     * @throws InvalidRequestException if zero or negative
     */
    public Builder maxAwaitDuration(Duration maxAwaitDuration) {
      Objects.requireNonNull(maxAwaitDuration, "maxAwaitDuration");
      if (maxAwaitDuration.isZero() || maxAwaitDuration.isNegative()) {
        throw new InvalidRequestException(
            "maxAwaitDuration must be positive, got " + maxAwaitDuration);
      }
      this.maxAwaitDuration = maxAwaitDuration;
      return this;
    }

    /**
     * Adds one request metadata entry, passed to the broker as is.
     *
     * @param name the entry's name
     * @param value the entry's value
     * @return this builder
     */
    public Builder metadata(String name, String value) {
      metadata.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Builds the options.
     *
     * @return immutable options
     */
    public SubscribeOptions build() {
      return new SubscribeOptions(this);
    }
  }
}
