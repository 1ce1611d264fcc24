package dev.plumb.runtime.internal.resiliency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ComponentException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.state.ETagMismatchException;
import dev.plumb.runtime.spi.Invoker;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryTest {
  private final InvokerFixture fixture = new InvokerFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  private Invoker withRetry(String retry) {
    return fixture.statestore(
        """
        policies:
          retries:
            r:
        %s
        targets:
          components:
            statestore:
              outbound: {retry: r}
        """
            .formatted(retry.indent(6)));
  }

  @Test
  void constantRetriesMakeMaxRetriesPlusOneAttempts() {
    Invoker invoker = withRetry("policy: constant\nduration: 10ms\nmaxRetries: 3");
    AtomicInteger attempts = new AtomicInteger();

    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                invoker.call(
                    "get",
                    () -> {
                      throw new IOException("connection refused #" + attempts.incrementAndGet());
                    }))
        .isInstanceOf(ComponentException.class)
        .hasMessage("component 'statestore' (state.redis): get failed: connection refused #4")
        .hasCauseInstanceOf(IOException.class);

    assertThat(attempts).hasValue(4);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("three waits of 10ms")
        .isGreaterThanOrEqualTo(Duration.ofMillis(30));
  }

  @Test
  void maxRetriesZeroMakesOneAttempt() {
    Invoker invoker = withRetry("duration: 10ms\nmaxRetries: 0");
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(
            () ->
                invoker.call(
                    "get",
                    () -> {
                      attempts.incrementAndGet();
                      throw new IOException("down");
                    }))
        .isInstanceOf(ComponentException.class);

    assertThat(attempts).hasValue(1);
  }

  @Test
  void unlimitedRetriesStopAtTheFirstSuccess() {
    Invoker invoker = withRetry("duration: 1ms");
    AtomicInteger attempts = new AtomicInteger();

    String value =
        invoker.call(
            "get",
            () -> {
              if (attempts.incrementAndGet() < 20) {
                throw new IOException("not yet");
              }
              return "value";
            });

    assertThat(value).isEqualTo("value");
    assertThat(attempts).hasValue(20);
  }

  @Test
  void plumbExceptionsOtherThanComponentFailuresAreNeverRetried() {
    Invoker invoker = withRetry("duration: 1ms\nmaxRetries: 5");
    AtomicInteger attempts = new AtomicInteger();
    ETagMismatchException mismatch = new ETagMismatchException("etag mismatch for key k");

    assertThatThrownBy(
            () ->
                invoker.call(
                    "set",
                    () -> {
                      attempts.incrementAndGet();
                      throw mismatch;
                    }))
        .isSameAs(mismatch);
    assertThatThrownBy(
            () ->
                invoker.call(
                    "set",
                    () -> {
                      attempts.incrementAndGet();
                      throw new InvalidRequestException("key contains ||");
                    }))
        .isInstanceOf(InvalidRequestException.class);

    assertThat(attempts).hasValue(2);
  }

  @Test
  void asyncCallsRetryOnTheExecutor() {
    Invoker invoker = withRetry("duration: 1ms\nmaxRetries: 2");
    AtomicInteger attempts = new AtomicInteger();
    List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();

    String value =
        invoker
            .callAsync(
                "get",
                () -> {
                  threads.add(Thread.currentThread());
                  if (attempts.incrementAndGet() < 3) {
                    throw new IOException("not yet");
                  }
                  return "value";
                })
            .join();

    assertThat(value).isEqualTo("value");
    assertThat(threads).hasSize(3).doesNotContain(Thread.currentThread());
  }

  @Test
  void asyncFailuresCompleteExceptionally() {
    Invoker invoker = withRetry("duration: 1ms\nmaxRetries: 1");

    assertThatThrownBy(
            () ->
                invoker
                    .callAsync(
                        "get",
                        () -> {
                          throw new IOException("down");
                        })
                    .join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(ComponentException.class);
  }

  @Test
  void constantIntervalsAreTheDuration() {
    RetryPolicy p =
        new RetryPolicy(
            "c", false, Duration.ofMillis(250), Duration.ofSeconds(60), 3, List.of(), List.of());

    assertThat(p.intervalMillis(1, () -> 0.9)).isEqualTo(250);
    assertThat(p.intervalMillis(7, () -> 0.1)).isEqualTo(250);
  }

  @Test
  void exponentialIntervalsGrowByOneAndAHalfWithinHalfJitterAndStopAtMaxInterval() {
    RetryPolicy p =
        new RetryPolicy(
            "e", true, Duration.ofSeconds(5), Duration.ofSeconds(3), -1, List.of(), List.of());

    // base intervals: 500, 750, 1125, 1687.5, 2531.25, then capped at 3000
    assertThat(p.intervalMillis(1, () -> 0.0)).isEqualTo(250);
    assertThat(p.intervalMillis(1, () -> 0.5)).isEqualTo(500);
    assertThat(p.intervalMillis(1, () -> 0.999_999)).isEqualTo(749);
    assertThat(p.intervalMillis(2, () -> 0.0)).isEqualTo(375);
    assertThat(p.intervalMillis(3, () -> 0.5)).isEqualTo(1125);
    assertThat(p.intervalMillis(5, () -> 0.0)).isEqualTo(1265);
    assertThat(p.intervalMillis(5, () -> 0.999_999))
        .as("jitter capped at maxInterval")
        .isEqualTo(3000);
    assertThat(p.intervalMillis(40, () -> 0.0)).isEqualTo(1500);
    assertThat(p.intervalMillis(40, () -> 0.5)).isEqualTo(3000);
    for (int attempt = 1; attempt < 50; attempt++) {
      double base = Math.min(500 * Math.pow(1.5, attempt - 1), 3000);
      for (double r : new double[] {0.0, 0.25, 0.5, 0.75, 0.999}) {
        int a = attempt;
        assertThat(p.intervalMillis(a, () -> r))
            .isBetween((long) (base * 0.5), Math.min((long) (base * 1.5), 3000));
      }
    }
  }
}
