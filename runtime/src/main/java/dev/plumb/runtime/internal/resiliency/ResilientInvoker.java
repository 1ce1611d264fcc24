package dev.plumb.runtime.internal.resiliency;

import dev.plumb.api.ComponentException;
import dev.plumb.runtime.internal.ComponentInvoker;
import dev.plumb.runtime.internal.ThrowingSupplier;
import io.github.resilience4j.retry.Retry;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Applies a component's policies as Dapr nests them: retry(circuitBreaker(timeout(call))). Only
 * {@link ComponentException}s are failures: other {@code PlumbException}s (etag mismatch, invalid
 * request) are answers, pass through at once, and count as successes for the breaker. Thread-safe.
 */
final class ResilientInvoker implements ComponentInvoker {
  private final String componentName;
  private final String componentType;
  private final Duration timeout;
  private final Retry retry;
  private final CircuitBreaker breaker;
  private final ExecutorService executor;

  /**
   * Creates the invoker.
   *
   * @param componentName the component's name
   * @param componentType the component's type
   * @param timeout per-attempt timeout, or {@code null}
   * @param retry the retry, or {@code null}
   * @param breaker the breaker, or {@code null}
   * @param executor runs attempts under a timeout, and async calls
   */
  ResilientInvoker(
      String componentName,
      String componentType,
      Duration timeout,
      Retry retry,
      CircuitBreaker breaker,
      ExecutorService executor) {
    this.componentName = componentName;
    this.componentType = componentType;
    this.timeout = timeout;
    this.retry = retry;
    this.breaker = breaker;
    this.executor = executor;
  }

  /**
   * Tells whether a failure may be retried.
   *
   * @param t what an attempt threw
   * @return {@code true} for component failures and timeouts; {@code false} for other Plumb
   *     exceptions, breaker refusals and interrupted threads
   */
  static boolean retryable(Throwable t) {
    return t instanceof ComponentException
        && !(t instanceof BreakerOpenException)
        && !(t.getCause() instanceof InterruptedException)
        && !Thread.currentThread().isInterrupted();
  }

  @Override
  public <T> T call(String operation, ThrowingSupplier<T> call) {
    Supplier<T> attempt = () -> guarded(operation, call);
    return retry == null ? attempt.get() : retry.executeSupplier(attempt);
  }

  @Override
  public <T> CompletableFuture<T> callAsync(String operation, ThrowingSupplier<T> call) {
    return CompletableFuture.supplyAsync(
        Context.current().wrapSupplier(() -> call(operation, call)), executor);
  }

  private <T> T guarded(String operation, ThrowingSupplier<T> call) {
    if (breaker == null) {
      return timed(operation, call);
    }
    long generation = breaker.acquire(operation);
    boolean success = false;
    try {
      T result = timed(operation, call);
      success = true;
      return result;
    } catch (RuntimeException e) {
      success = !(e instanceof ComponentException);
      throw e;
    } finally {
      breaker.record(generation, success);
    }
  }

  private <T> T timed(String operation, ThrowingSupplier<T> call) {
    if (timeout == null) {
      try {
        return call.get();
      } catch (Exception e) {
        throw ComponentInvoker.wrap(componentName, componentType, operation, e);
      }
    }
    Future<T> future;
    try {
      future = executor.submit(Context.current().wrap(call::get));
    } catch (RuntimeException e) {
      throw ComponentInvoker.wrap(componentName, componentType, operation, e);
    }
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new ComponentException(
          componentName, componentType, operation + " timed out after " + format(timeout), null);
    } catch (ExecutionException e) {
      throw ComponentInvoker.wrap(componentName, componentType, operation, e.getCause());
    } catch (InterruptedException e) {
      future.cancel(true);
      throw ComponentInvoker.wrap(componentName, componentType, operation, e);
    }
  }

  /**
   * Formats a duration as Go does, as Dapr users write them: {@code 100ms}, {@code 5s}, {@code
   * 1m30s}, {@code 1.5s}.
   *
   * @param d a non-negative duration
   * @return its Go spelling
   */
  static String format(Duration d) {
    long nanos = d.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    if (nanos < 1_000L) {
      return nanos + "ns";
    }
    if (nanos < 1_000_000L) {
      return decimal(nanos, 1_000L) + "µs";
    }
    if (nanos < 1_000_000_000L) {
      return decimal(nanos, 1_000_000L) + "ms";
    }
    StringBuilder sb = new StringBuilder();
    long hours = d.toHours();
    long minutes = d.toMinutesPart();
    if (hours > 0) {
      sb.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      sb.append(minutes).append('m');
    }
    long secondNanos = nanos % 60_000_000_000L;
    return sb.append(decimal(secondNanos, 1_000_000_000L)).append('s').toString();
  }

  private static String decimal(long value, long unit) {
    long whole = value / unit;
    long fraction = value % unit;
    if (fraction == 0) {
      return Long.toString(whole);
    }
    String digits = Long.toString(unit + fraction).substring(1).replaceAll("0+$", "");
    return whole + "." + digits;
  }
}
