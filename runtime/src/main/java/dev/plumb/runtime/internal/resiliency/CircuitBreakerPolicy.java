package dev.plumb.runtime.internal.resiliency;

import java.time.Duration;

/**
 * A named {@code spec.policies.circuitBreakers} entry: the template each component's breaker is
 * built from.
 *
 * @param name the policy's name
 * @param maxRequests requests let through while half-open, and successes needed there to close
 * @param interval how often the closed state clears its counts; zero for never
 * @param timeout how long the breaker stays open before it lets probes through
 * @param trip when a failure in the closed state opens the breaker
 */
record CircuitBreakerPolicy(
    String name, long maxRequests, Duration interval, Duration timeout, TripExpression trip) {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
}
