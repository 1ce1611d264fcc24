package dev.plumb.runtime.internal;

import dev.plumb.runtime.internal.serialization.JacksonSerializer;
import dev.plumb.runtime.spi.ClockScheduler;
import io.opentelemetry.api.OpenTelemetry;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The runtime services of a unit test: a hand-moved clock, a small executor, an elastic blocking
 * executor and a real scheduler on the clock. Close after the test.
 */
public final class TestRuntime implements AutoCloseable {
  /** The clock; move it by hand. */
  public final ManualClock clock = new ManualClock();

  /** The executor of asynchronous attempts: two threads, to prove nothing waits on it. */
  public final ExecutorService executor = Executors.newFixedThreadPool(2);

  /** The executor of blocking work. */
  public final ExecutorService blocking = Executors.newCachedThreadPool();

  /** The scheduler, on {@link #clock}. */
  public final ClockScheduler scheduler = new ClockScheduler(clock, blocking);

  /**
   * Returns the runtime context of an app.
   *
   * @param appId the app id
   * @param namespace the namespace
   * @param openTelemetry where telemetry goes
   * @return the context
   */
  public RuntimeContext context(String appId, String namespace, OpenTelemetry openTelemetry) {
    return new RuntimeContext(
        appId,
        namespace,
        new JacksonSerializer(),
        clock,
        scheduler,
        executor,
        blocking,
        name -> null,
        openTelemetry);
  }

  /**
   * Returns the runtime context of app {@code order-service} without telemetry.
   *
   * @return the context
   */
  public RuntimeContext context() {
    return context("order-service", "", OpenTelemetry.noop());
  }

  @Override
  public void close() {
    scheduler.close();
    executor.shutdownNow();
    blocking.shutdownNow();
  }
}
