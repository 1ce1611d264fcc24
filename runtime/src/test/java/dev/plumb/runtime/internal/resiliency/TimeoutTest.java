package dev.plumb.runtime.internal.resiliency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.ComponentException;
import dev.plumb.runtime.spi.Invoker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimeoutTest {
  private final InvokerFixture fixture = new InvokerFixture();
  private final CountDownLatch never = new CountDownLatch(1);

  @AfterEach
  void close() {
    never.countDown();
    fixture.close();
  }

  @Test
  void anAttemptThatOutlivesTheTimeoutIsCancelledAndFails() {
    Invoker invoker =
        fixture.statestore(
            """
            policies:
              timeouts: {short: 100ms}
            targets:
              components:
                statestore:
                  outbound: {timeout: short}
            """);
    AtomicInteger interrupted = new AtomicInteger();

    assertThatThrownBy(
            () ->
                invoker.call(
                    "get",
                    () -> {
                      try {
                        never.await();
                      } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                      }
                      return "late";
                    }))
        .isInstanceOf(ComponentException.class)
        .hasMessage("component 'statestore' (state.redis): get timed out after 100ms");

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(interrupted).hasValue(1));
  }

  @Test
  void fastCallsReturnTheirValueAndFailuresTheirCause() {
    Invoker invoker =
        fixture.statestore(
            """
            policies:
              timeouts: {general: 5s}
            targets:
              components:
                statestore:
                  outbound: {timeout: general}
            """);

    assertThat(invoker.call("get", () -> "value")).isEqualTo("value");
    assertThatThrownBy(
            () ->
                invoker.call(
                    "get",
                    () -> {
                      throw new IllegalStateException("server said no");
                    }))
        .isInstanceOf(ComponentException.class)
        .hasMessage("component 'statestore' (state.redis): get failed: server said no")
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void theTimeoutAppliesToEachAttempt() {
    Invoker invoker =
        fixture.statestore(
            """
            policies:
              timeouts: {short: 50ms}
              retries:
                twice: {duration: 1ms, maxRetries: 2}
            targets:
              components:
                statestore:
                  outbound: {timeout: short, retry: twice}
            """);
    AtomicInteger attempts = new AtomicInteger();

    String value =
        invoker.call(
            "get",
            () -> {
              if (attempts.incrementAndGet() < 3) {
                never.await();
              }
              return "third time lucky";
            });

    assertThat(value).isEqualTo("third time lucky");
    assertThat(attempts).hasValue(3);
  }
}
