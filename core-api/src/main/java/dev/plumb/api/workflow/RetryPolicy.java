package dev.plumb.api.workflow;

import java.time.Duration;
import java.util.Objects;

/**
 * How a failed activity or child workflow is retried (Dapr's {@code WorkflowTaskRetryPolicy}). The
 * waits are durable timers recorded in history, so a retry survives a crash. Immutable.
 */
public final class RetryPolicy {
  private final int maxNumberOfAttempts;
  private final Duration firstRetryInterval;
  private final double backoffCoefficient;
  private final Duration maxRetryInterval;
  private final Duration retryTimeout;

  private RetryPolicy(Builder b) {
    this.maxNumberOfAttempts = b.maxNumberOfAttempts;
    this.firstRetryInterval = b.firstRetryInterval;
    this.backoffCoefficient = b.backoffCoefficient;
    this.maxRetryInterval = b.maxRetryInterval;
    this.retryTimeout = b.retryTimeout;
  }

  /**
   * Starts a policy.
   *
   * @param maxNumberOfAttempts how many attempts in all, the first included; at least 1
   * @param firstRetryInterval the wait before the first retry; positive
   * @return the builder
   * @throws IllegalArgumentException if a value is out of range
   */
  public static Builder builder(int maxNumberOfAttempts, Duration firstRetryInterval) {
    return new Builder(maxNumberOfAttempts, firstRetryInterval);
  }

  /**
   * Returns how many attempts in all.
   *
   * @return at least 1
   */
  public int maxNumberOfAttempts() {
    return maxNumberOfAttempts;
  }

  /**
   * Returns the wait before the first retry.
   *
   * @return positive
   */
  public Duration firstRetryInterval() {
    return firstRetryInterval;
  }

  /**
   * Returns the factor by which each wait grows.
   *
   * @return at least 1
   */
  public double backoffCoefficient() {
    return backoffCoefficient;
  }

  /**
   * Returns the longest wait between attempts.
   *
   * @return {@code null} for no limit
   */
  public Duration maxRetryInterval() {
    return maxRetryInterval;
  }

  /**
   * Returns how long after the first attempt retries may still start.
   *
   * @return {@code null} for no limit
   */
  public Duration retryTimeout() {
    return retryTimeout;
  }

  /**
   * Returns the wait before a retry, or null if no retry may start.
   *
   * @param failedAttempt the attempt that failed, 1-based
   * @param elapsed the time since the first attempt was scheduled
   * @return the wait, or {@code null} to give up
   */
  public Duration delayAfter(int failedAttempt, Duration elapsed) {
    if (failedAttempt >= maxNumberOfAttempts) {
      return null;
    }
    double millis = firstRetryInterval.toMillis() * Math.pow(backoffCoefficient, failedAttempt - 1);
    if (maxRetryInterval != null) {
      millis = Math.min(millis, maxRetryInterval.toMillis());
    }
    Duration delay = Duration.ofMillis((long) Math.min(millis, Long.MAX_VALUE / 2.0));
    if (retryTimeout != null && elapsed.plus(delay).compareTo(retryTimeout) > 0) {
      return null;
    }
    return delay;
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxNumberOfAttempts="
        + maxNumberOfAttempts
        + ", firstRetryInterval="
        + firstRetryInterval
        + ", backoffCoefficient="
        + backoffCoefficient
        + ", maxRetryInterval="
        + maxRetryInterval
        + ", retryTimeout="
        + retryTimeout
        + "]";
  }

  /** Builds a {@link RetryPolicy}. Not thread-safe. */
  public static final class Builder {
    private final int maxNumberOfAttempts;
    private final Duration firstRetryInterval;
    private double backoffCoefficient = 1.0;
    private Duration maxRetryInterval;
    private Duration retryTimeout;

    private Builder(int maxNumberOfAttempts, Duration firstRetryInterval) {
      if (maxNumberOfAttempts < 1) {
        throw new IllegalArgumentException(
            "RetryPolicy maxNumberOfAttempts must be at least 1, got " + maxNumberOfAttempts);
      }
      Objects.requireNonNull(firstRetryInterval, "firstRetryInterval");
      if (firstRetryInterval.isNegative() || firstRetryInterval.isZero()) {
        throw new IllegalArgumentException(
            "RetryPolicy firstRetryInterval must be positive, got " + firstRetryInterval);
      }
      this.maxNumberOfAttempts = maxNumberOfAttempts;
      this.firstRetryInterval = firstRetryInterval;
    }

    /**
     * Sets the factor by which each wait grows.
     *
     * @param coefficient at least 1; 1 by default
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder backoffCoefficient(double coefficient) {
      if (!(coefficient >= 1.0)) {
        throw new IllegalArgumentException(
            "RetryPolicy backoffCoefficient must be at least 1, got " + coefficient);
      }
      this.backoffCoefficient = coefficient;
      return this;
    }

    /**
     * Sets the longest wait between attempts.
     *
     * @param max positive; no limit by default
     * @return this builder
     */
    public Builder maxRetryInterval(Duration max) {
      this.maxRetryInterval = positive(max, "maxRetryInterval");
      return this;
    }

    /**
     * Sets how long after the first attempt retries may still start.
     *
     * @param timeout positive; no limit by default
     * @return this builder
     */
    public Builder retryTimeout(Duration timeout) {
      this.retryTimeout = positive(timeout, "retryTimeout");
      return this;
    }

    private static Duration positive(Duration d, String field) {
      Objects.requireNonNull(d, field);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("RetryPolicy " + field + " must be positive, got " + d);
      }
      return d;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }
  }
}
