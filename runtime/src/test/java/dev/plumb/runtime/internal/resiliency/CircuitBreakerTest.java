package dev.plumb.runtime.internal.resiliency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ComponentException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.state.ETagMismatchException;
import dev.plumb.runtime.internal.resiliency.CircuitBreaker.State;
import dev.plumb.runtime.spi.Invoker;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private final InvokerFixture fixture = new InvokerFixture();
  private final AtomicInteger calls = new AtomicInteger();

  @AfterEach
  void close() {
    fixture.close();
  }

  private Invoker withBreaker(String breaker) {
    return fixture.statestore(
        """
        policies:
          circuitBreakers:
            cb: %s
        targets:
          components:
            statestore:
              outbound: {circuitBreaker: cb}
        """
            .formatted(breaker));
  }

  private void fail(Invoker invoker) {
    assertThatThrownBy(
            () ->
                invoker.call(
                    "get",
                    () -> {
                      calls.incrementAndGet();
                      throw new IOException("down");
                    }))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("get failed: down");
  }

  private void succeed(Invoker invoker) {
    assertThat(
            invoker.call(
                "get",
                () -> {
                  calls.incrementAndGet();
                  return "ok";
                }))
        .isEqualTo("ok");
  }

  private void rejected(Invoker invoker) {
    int before = calls.get();
    assertThatThrownBy(() -> invoker.call("get", () -> calls.incrementAndGet()))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("circuit breaker is");
    assertThat(calls).as("the call is not made").hasValue(before);
  }

  @Test
  void opensWhenTheTripExpressionHoldsAndRefusesCalls() {
    Invoker invoker = withBreaker("{trip: consecutiveFailures > 2, timeout: 30s}");

    fail(invoker);
    fail(invoker);
    succeed(invoker);
    fail(invoker);
    fail(invoker);
    succeed(invoker);
    fail(invoker);
    fail(invoker);
    fail(invoker);

    assertThatThrownBy(() -> invoker.call("get", () -> "never"))
        .isInstanceOf(ComponentException.class)
        .hasMessage("component 'statestore' (state.redis): get rejected: circuit breaker is open");
  }

  @Test
  void evaluatesCompoundExpressions() {
    Invoker invoker =
        withBreaker("{trip: \"requests >= 4 && (totalFailures > 1 || consecutiveFailures > 9)\"}");

    fail(invoker);
    fail(invoker);
    succeed(invoker);
    succeed(invoker);
    fail(invoker); // requests 5, totalFailures 3

    rejected(invoker);
  }

  @Test
  void halfOpenLetsOneProbeThroughAndClosesOnItsSuccess() {
    Invoker invoker = withBreaker("{trip: consecutiveFailures > 0, timeout: 30s}");
    fail(invoker);
    rejected(invoker);

    fixture.clock.advance(Duration.ofSeconds(29));
    rejected(invoker);
    fixture.clock.advance(Duration.ofSeconds(1));
    succeed(invoker);

    succeed(invoker);
    fail(invoker);
    rejected(invoker);
  }

  @Test
  void aFailedProbeReopens() {
    Invoker invoker = withBreaker("{trip: consecutiveFailures > 0, timeout: 10s}");
    fail(invoker);
    fixture.clock.advance(Duration.ofSeconds(10));

    fail(invoker);

    rejected(invoker);
    fixture.clock.advance(Duration.ofSeconds(9));
    rejected(invoker);
    fixture.clock.advance(Duration.ofSeconds(1));
    succeed(invoker);
  }

  @Test
  void halfOpenAdmitsMaxRequestsProbesAndNeedsThatManySuccesses() {
    CircuitBreakerPolicy policy =
        new CircuitBreakerPolicy(
            "cb",
            2,
            Duration.ZERO,
            Duration.ofSeconds(5),
            TripExpression.parse("totalFailures > 0"));
    CircuitBreaker breaker = new CircuitBreaker(policy, "statestore", "state.redis", fixture.clock);
    breaker.record(breaker.acquire("get"), false);
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    fixture.clock.advance(Duration.ofSeconds(5));

    long first = breaker.acquire("get");
    long second = breaker.acquire("get");
    assertThatThrownBy(() -> breaker.acquire("get"))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("circuit breaker is half-open");
    breaker.record(first, true);
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    breaker.record(second, true);

    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void outcomesOfCallsAdmittedBeforeAStateChangeAreIgnored() {
    CircuitBreakerPolicy policy =
        new CircuitBreakerPolicy(
            "cb",
            1,
            Duration.ZERO,
            Duration.ofSeconds(5),
            TripExpression.parse("totalFailures > 0"));
    CircuitBreaker breaker = new CircuitBreaker(policy, "statestore", "state.redis", fixture.clock);
    long slow = breaker.acquire("get");
    breaker.record(breaker.acquire("get"), false);
    fixture.clock.advance(Duration.ofSeconds(5));

    breaker.record(slow, true);

    assertThat(breaker.state())
        .as("still half-open, waiting for its own probe")
        .isEqualTo(State.HALF_OPEN);
  }

  @Test
  void theIntervalClearsCountsWhileClosed() {
    Invoker invoker = withBreaker("{trip: totalFailures > 2, interval: 10s}");

    fail(invoker);
    fail(invoker);
    fixture.clock.advance(Duration.ofSeconds(10));
    fail(invoker);
    fail(invoker);
    succeed(invoker);
    fail(invoker);

    rejected(invoker);
  }

  @Test
  void withoutAnIntervalCountsAccumulate() {
    Invoker invoker = withBreaker("{trip: totalFailures > 2}");

    fail(invoker);
    fail(invoker);
    fixture.clock.advance(Duration.ofDays(1));
    fail(invoker);

    rejected(invoker);
  }

  @Test
  void answersThatAreNotComponentFailuresCountAsSuccesses() {
    Invoker invoker = withBreaker("{trip: consecutiveFailures > 1}");

    fail(invoker);
    assertThatThrownBy(
            () ->
                invoker.call(
                    "set",
                    () -> {
                      throw new ETagMismatchException("etag mismatch");
                    }))
        .isInstanceOf(ETagMismatchException.class);
    fail(invoker);

    succeed(invoker);
  }

  private void invalid(Invoker invoker) {
    assertThatThrownBy(
            () ->
                invoker.call(
                    "query",
                    () -> {
                      calls.incrementAndGet();
                      throw new InvalidRequestException("invalid query page token 'x'");
                    }))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void anInvalidRequestDoesNotResetConsecutiveFailures() {
    Invoker invoker = withBreaker("{trip: consecutiveFailures >= 2}");

    fail(invoker);
    invalid(invoker);
    invalid(invoker);
    fail(invoker);

    rejected(invoker);
  }

  @Test
  void anInvalidRequestIsNotARequest() {
    Invoker invoker = withBreaker("{trip: requests >= 3}");

    fail(invoker);
    for (int i = 0; i < 5; i++) {
      invalid(invoker);
    }
    fail(invoker);

    succeed(invoker);
  }

  @Test
  void anInvalidRequestDoesNotCloseAHalfOpenBreaker() {
    Invoker invoker = withBreaker("{trip: consecutiveFailures > 1, timeout: 30s}");
    fail(invoker);
    fail(invoker);
    fixture.clock.advance(Duration.ofSeconds(30));

    invalid(invoker);
    fail(invoker);

    rejected(invoker);
  }

  @Test
  void anOpenBreakerIsNotRetried() {
    Invoker invoker =
        fixture.statestore(
            """
            policies:
              retries:
                r: {duration: 1ms, maxRetries: 10}
              circuitBreakers:
                cb: {trip: consecutiveFailures > 1}
            targets:
              components:
                statestore:
                  outbound: {retry: r, circuitBreaker: cb}
            """);

    assertThatThrownBy(
            () ->
                invoker.call(
                    "get",
                    () -> {
                      calls.incrementAndGet();
                      throw new IOException("down");
                    }))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("circuit breaker is open");

    assertThat(calls).as("two failures trip the breaker, then retrying stops").hasValue(2);
  }

  @Test
  void invokersOfOneComponentShareItsBreaker() {
    Resiliency resiliency =
        fixture.resiliency(
            """
            policies:
              circuitBreakers:
                cb: {trip: consecutiveFailures > 0}
            targets:
              components:
                statestore:
                  outbound: {circuitBreaker: cb}
                other:
                  outbound: {circuitBreaker: cb}
            """);
    Invoker first = resiliency.outbound("statestore", "state.redis", fixture.runtime);
    Invoker second = resiliency.outbound("statestore", "state.redis", fixture.runtime);
    Invoker other = resiliency.outbound("other", "state.redis", fixture.runtime);

    fail(first);

    rejected(second);
    succeed(other);
  }
}
