package dev.plumb.api.bindings;

import dev.plumb.api.InvalidRequestException;

/** How an input binding's handler is called. Immutable; build with {@link #builder()}. */
public final class InputBindingOptions {
  /** The default {@link #maxConcurrency()}. */
  public static final int DEFAULT_MAX_CONCURRENCY = 16;

  /** The defaults: at most {@value #DEFAULT_MAX_CONCURRENCY} events handled at once. */
  public static final InputBindingOptions DEFAULT = builder().build();

  private final int maxConcurrency;

  private InputBindingOptions(Builder b) {
    this.maxConcurrency = b.maxConcurrency;
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
    return new Builder().maxConcurrency(maxConcurrency);
  }

  /**
   * Returns the most events the handler works on at once. Components that keep order (a queue
   * consumer, a partition) hand over one event at a time whatever this says; those that deliver
   * from several threads (a cron schedule whose runs overlap, a Camel route with concurrent
   * consumers) wait while this many are in the handler, so a burst never outruns it.
   *
   * @return a positive count
   */
  public int maxConcurrency() {
    return maxConcurrency;
  }

  @Override
  public String toString() {
    return "InputBindingOptions[maxConcurrency=" + maxConcurrency + "]";
  }

  /** Builds {@link InputBindingOptions}. Not thread-safe. */
  public static final class Builder {
    private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;

    private Builder() {}

    /**
     * Sets the most events the handler works on at once.
     *
     * @param maxConcurrency positive; 1 handles events one after the other
     * @return this builder
     * @throws InvalidRequestException if not positive
     */
    public Builder maxConcurrency(int maxConcurrency) {
      if (maxConcurrency <= 0) {
        throw new InvalidRequestException("maxConcurrency must be positive, got " + maxConcurrency);
      }
      this.maxConcurrency = maxConcurrency;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return immutable options
     */
    public InputBindingOptions build() {
      return new InputBindingOptions(this);
    }
  }
}
