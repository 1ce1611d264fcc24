package dev.plumb.runtime.internal.resiliency;

import java.time.Duration;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * A named {@code spec.policies.retries} entry.
 *
 * @param name the policy's name
 * @param exponential {@code policy: exponential}; else constant
 * @param duration the constant interval
 * @param maxInterval the cap of exponential intervals
 * @param maxRetries retries after the first attempt; {@code -1} for unlimited, {@code 0} for none
 * @param httpStatusCodes {@code matching.httpStatusCodes}; for service invocation, not components
 * @param grpcStatusCodes {@code matching.gRPCStatusCodes}; for service invocation, not components
 */
record RetryPolicy(
    String name,
    boolean exponential,
    Duration duration,
    Duration maxInterval,
    int maxRetries,
    List<CodeRange> httpStatusCodes,
    List<CodeRange> grpcStatusCodes) {

  /** Dapr's fixed exponential parameters (dapr/kit retry defaults). */
  static final Duration INITIAL_INTERVAL = Duration.ofMillis(500);

  static final double MULTIPLIER = 1.5;
  static final double RANDOMIZATION = 0.5;

  static final Duration DEFAULT_DURATION = Duration.ofSeconds(5);
  static final Duration DEFAULT_MAX_INTERVAL = Duration.ofSeconds(60);

  RetryPolicy {
    httpStatusCodes = List.copyOf(httpStatusCodes);
    grpcStatusCodes = List.copyOf(grpcStatusCodes);
  }

  /**
   * Returns how many attempts the policy allows in all.
   *
   * @return {@code maxRetries + 1}, or {@link Integer#MAX_VALUE} when unlimited
   */
  int maxAttempts() {
    return maxRetries < 0 || maxRetries == Integer.MAX_VALUE ? Integer.MAX_VALUE : maxRetries + 1;
  }

  /**
   * Returns the wait after a failed attempt.
   *
   * @param failedAttempts attempts made so far, from 1
   * @param random a uniform value in [0, 1) drawing the exponential jitter
   * @return milliseconds to wait before the next attempt
   */
  long intervalMillis(int failedAttempts, DoubleSupplier random) {
    if (!exponential) {
      return duration.toMillis();
    }
    double max = maxInterval.toMillis();
    double base =
        Math.min(INITIAL_INTERVAL.toMillis() * Math.pow(MULTIPLIER, failedAttempts - 1), max);
    double delta = RANDOMIZATION * base;
    double randomized = base - delta + random.getAsDouble() * 2 * delta;
    return (long) Math.min(randomized, max);
  }

  /**
   * An inclusive range of status codes, such as {@code 500-599}.
   *
   * @param start the first code
   * @param end the last code
   */
  record CodeRange(int start, int end) {
    /**
     * Tests a code.
     *
     * @param code a status code
     * @return whether it lies in the range
     */
    boolean matches(int code) {
      return start <= code && code <= end;
    }
  }
}
