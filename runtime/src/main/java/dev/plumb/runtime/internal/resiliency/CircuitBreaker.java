package dev.plumb.runtime.internal.resiliency;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One component's circuit breaker, with the state machine Dapr gets from gobreaker: closed counts
 * requests and outcomes (cleared every {@code interval} if set) and opens when a failure makes the
 * trip expression true; open refuses calls until {@code timeout} has passed, then turns half-open;
 * half-open lets {@code maxRequests} calls through, closes after that many consecutive successes
 * and reopens on any failure. Outcomes of calls admitted in an earlier state (an earlier
 * generation) are ignored. Time comes from the injected clock. Thread-safe.
 */
final class CircuitBreaker {
  private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

  enum State {
    CLOSED,
    HALF_OPEN,
    OPEN
  }

  private final CircuitBreakerPolicy policy;
  private final String componentName;
  private final String componentType;
  private final Clock clock;
  private final Counts counts = new Counts();
  private State state = State.CLOSED;
  private long generation;
  private Instant expiry;

  CircuitBreaker(
      CircuitBreakerPolicy policy, String componentName, String componentType, Clock clock) {
    this.policy = policy;
    this.componentName = componentName;
    this.componentType = componentType;
    this.clock = clock;
    newGeneration(clock.instant());
  }

  /**
   * Admits a call or refuses it.
   *
   * @param operation the operation, for the message
   * @return the generation to hand back to {@link #record}
   * @throws BreakerOpenException if open, or half-open with its probes already in flight
   */
  synchronized long acquire(String operation) {
    State s = currentState(clock.instant());
    if (s == State.OPEN) {
      throw new BreakerOpenException(
          componentName, componentType, operation + " rejected: circuit breaker is open");
    }
    if (s == State.HALF_OPEN && counts.requests >= policy.maxRequests()) {
      throw new BreakerOpenException(
          componentName,
          componentType,
          operation + " rejected: circuit breaker is half-open and its probes are in flight");
    }
    counts.onRequest();
    return generation;
  }

  /**
   * Records the outcome of an admitted call.
   *
   * @param admittedIn what {@link #acquire} returned
   * @param success whether the call succeeded
   */
  synchronized void record(long admittedIn, boolean success) {
    Instant now = clock.instant();
    State s = currentState(now);
    if (admittedIn != generation) {
      return;
    }
    if (success) {
      counts.onSuccess();
      if (s == State.HALF_OPEN && counts.consecutiveSuccesses >= policy.maxRequests()) {
        setState(State.CLOSED, now);
      }
    } else if (s == State.CLOSED) {
      counts.onFailure();
      if (policy.trip().test(counts)) {
        setState(State.OPEN, now);
      }
    } else if (s == State.HALF_OPEN) {
      setState(State.OPEN, now);
    }
  }

  /**
   * Forgets an admitted call that never reached the component (the caller's request was invalid):
   * it counts neither as a success nor as a failure, and frees its half-open probe slot.
   *
   * @param admittedIn what {@link #acquire} returned
   */
  synchronized void forget(long admittedIn) {
    currentState(clock.instant());
    if (admittedIn == generation) {
      counts.onIgnored();
    }
  }

  /**
   * Returns the state at the clock's current time.
   *
   * @return the state
   */
  synchronized State state() {
    return currentState(clock.instant());
  }

  private State currentState(Instant now) {
    if (expiry != null && !now.isBefore(expiry)) {
      if (state == State.CLOSED) {
        newGeneration(now);
      } else if (state == State.OPEN) {
        setState(State.HALF_OPEN, now);
      }
    }
    return state;
  }

  private void setState(State to, Instant now) {
    State from = state;
    state = to;
    LOG.info(
        "circuit breaker '{}' of component '{}' changed from {} to {} ({})",
        policy.name(),
        componentName,
        from,
        to,
        counts);
    newGeneration(now);
  }

  private void newGeneration(Instant now) {
    generation++;
    counts.clear();
    if (state == State.CLOSED) {
      expiry = policy.interval().isZero() ? null : now.plus(policy.interval());
    } else if (state == State.OPEN) {
      expiry = now.plus(policy.timeout());
    } else {
      expiry = null;
    }
  }
}
