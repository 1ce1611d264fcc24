package dev.plumb.runtime.internal.resiliency;

import dev.plumb.api.ComponentException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.PlumbException;
import dev.plumb.api.UnsupportedFeatureException;
import dev.plumb.api.spi.DaprValues;
import dev.plumb.api.spi.Scheduler;
import dev.plumb.runtime.internal.Invokers;
import dev.plumb.runtime.internal.Redactor;
import dev.plumb.runtime.spi.Invoker;
import io.github.resilience4j.retry.Retry;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Applies a component's policies as Dapr nests them: retry(circuitBreaker(timeout(call))). Only
 * {@link ComponentException}s are failures: other {@code PlumbException}s pass through at once and
 * are never retried; an etag mismatch is the store's answer and counts as a success for the
 * breaker, while an invalid request or an unsupported feature is the caller's error and does not
 * count at all.
 *
 * <p>Every wait is a task on the {@link Scheduler}: the wait before a retry, and the timeout of an
 * attempt, whose clock starts when the attempt starts running. A blocking call runs its attempts on
 * the caller's thread, or on the blocking executor under a timeout, and waits; an asynchronous call
 * runs each attempt on the executor and chains the next one, so no runtime thread ever waits for
 * another. Thread-safe.
 */
final class ResilientInvoker implements Invoker {
  private final String componentName;
  private final String componentType;
  private final Duration timeout;
  private final Retry retry;
  private final CircuitBreaker breaker;
  private final Scheduler scheduler;
  private final Executor executor;
  private final Executor blockingExecutor;
  private final Supplier<Redactor> secrets;

  /**
   * Creates the invoker.
   *
   * @param componentName the component's name
   * @param componentType the component's type
   * @param timeout per-attempt timeout, or {@code null}
   * @param retry the retry, or {@code null}
   * @param breaker the breaker, or {@code null}
   * @param scheduler runs timeouts and the waits between retries
   * @param executor runs asynchronous attempts
   * @param blockingExecutor runs blocking attempts under a timeout
   * @param secrets the secret values kept out of failures, read at each failure
   */
  ResilientInvoker(
      String componentName,
      String componentType,
      Duration timeout,
      Retry retry,
      CircuitBreaker breaker,
      Scheduler scheduler,
      Executor executor,
      Executor blockingExecutor,
      Supplier<Redactor> secrets) {
    this.componentName = componentName;
    this.componentType = componentType;
    this.timeout = timeout;
    this.retry = retry;
    this.breaker = breaker;
    this.scheduler = scheduler;
    this.executor = executor;
    this.blockingExecutor = blockingExecutor;
    this.secrets = secrets;
  }

  private RuntimeException wrap(String operation, Throwable e) {
    return Invokers.wrap(componentName, componentType, operation, e, secrets.get());
  }

  /**
   * Tells whether a failure may be retried.
   *
   * @param t what an attempt threw
   * @return {@code true} for component failures and timeouts; {@code false} for other Plumb
   *     exceptions, breaker refusals and interrupted calls
   */
  static boolean retryable(Throwable t) {
    return t instanceof ComponentException
        && !(t instanceof BreakerOpenException)
        && !(t.getCause() instanceof InterruptedException);
  }

  /** Tells the breaker how an admitted call ended. */
  private void record(long generation, Throwable failure) {
    if (breaker == null) {
      return;
    }
    if (failure instanceof InvalidRequestException
        || failure instanceof UnsupportedFeatureException) {
      breaker.forget(generation);
    } else {
      breaker.record(
          generation,
          failure == null
              || (failure instanceof PlumbException && !(failure instanceof ComponentException)));
    }
  }

  @Override
  public <T> T call(String operation, Callable<T> call) {
    Retry.AsyncContext<T> retries = retry == null ? null : retry.asyncContext();
    // Under a timeout an attempt runs on another thread: it must see the caller's span.
    Callable<T> traced = timeout == null ? call : Context.current().wrap(call);
    while (true) {
      try {
        T value = guardedBlocking(operation, traced);
        if (retries != null) {
          retries.onComplete();
        }
        return value;
      } catch (RuntimeException e) {
        long waitMillis = retries == null ? -1 : retries.onError(e);
        if (waitMillis < 0) {
          throw e;
        }
        sleep(operation, waitMillis);
      }
    }
  }

  private <T> T guardedBlocking(String operation, Callable<T> call) {
    long generation = breaker == null ? 0 : breaker.acquire(operation);
    Throwable failure = null;
    try {
      return timeout == null
          ? inline(operation, call)
          : await(operation, attempt(operation, call, blockingExecutor));
    } catch (RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      record(generation, failure);
    }
  }

  private <T> T inline(String operation, Callable<T> call) {
    try {
      return call.call();
    } catch (Exception e) {
      throw wrap(operation, e);
    }
  }

  private <T> T await(String operation, CompletableFuture<T> attempt) {
    try {
      return attempt.get();
    } catch (ExecutionException e) {
      throw wrap(operation, e.getCause());
    } catch (InterruptedException e) {
      attempt.cancel(true);
      throw wrap(operation, e);
    }
  }

  private void sleep(String operation, long millis) {
    CompletableFuture<Void> wake = new CompletableFuture<>();
    Scheduler.Task task = scheduler.schedule(Duration.ofMillis(millis), () -> wake.complete(null));
    try {
      wake.get();
    } catch (InterruptedException e) {
      task.cancel();
      throw wrap(operation, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a retry wait cannot fail", e);
    }
  }

  @Override
  public <T> CompletableFuture<T> callAsync(String operation, Callable<T> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Retry.AsyncContext<T> retries = retry == null ? null : retry.asyncContext();
    nextAttempt(operation, Context.current().wrap(call), retries, result);
    return result;
  }

  private <T> void nextAttempt(
      String operation,
      Callable<T> call,
      Retry.AsyncContext<T> retries,
      CompletableFuture<T> result) {
    long generation;
    try {
      generation = breaker == null ? 0 : breaker.acquire(operation);
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return;
    }
    attempt(operation, call, executor)
        .whenComplete(
            (value, error) -> {
              Throwable failure = unwrap(error);
              record(generation, failure);
              if (failure == null) {
                if (retries != null) {
                  retries.onComplete();
                }
                result.complete(value);
                return;
              }
              long waitMillis = retries == null ? -1 : retries.onError(failure);
              if (waitMillis < 0) {
                result.completeExceptionally(failure);
              } else {
                scheduler.schedule(
                    Duration.ofMillis(waitMillis),
                    () -> nextAttempt(operation, call, retries, result));
              }
            });
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  /**
   * Runs one attempt on an executor. Under a timeout, the timer starts when the attempt starts
   * running (time spent queued does not count, so a busy pool causes no spurious timeouts); when it
   * fires, the attempt fails with a timeout and its thread is interrupted.
   */
  private <T> CompletableFuture<T> attempt(String operation, Callable<T> call, Executor on) {
    CompletableFuture<T> result = new CompletableFuture<>();
    FutureTask<T> task =
        new FutureTask<>(call) {
          @Override
          protected void done() {
            try {
              result.complete(get());
            } catch (ExecutionException e) {
              result.completeExceptionally(wrap(operation, e.getCause()));
            } catch (CancellationException | InterruptedException e) {
              result.completeExceptionally(wrap(operation, e));
            }
          }
        };
    Runnable run =
        () -> {
          Scheduler.Task timer =
              timeout == null
                  ? null
                  : scheduler.schedule(
                      timeout,
                      () -> {
                        if (result.completeExceptionally(timedOut(operation))) {
                          task.cancel(true);
                        }
                      });
          try {
            task.run();
          } finally {
            if (timer != null) {
              timer.cancel();
              // A timeout's interrupt must not outlive the attempt on a pooled thread.
              Thread.interrupted();
            }
          }
        };
    try {
      on.execute(run);
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(wrap(operation, e));
    }
    return result;
  }

  private ComponentException timedOut(String operation) {
    return new ComponentException(
        componentName,
        componentType,
        operation + " timed out after " + DaprValues.formatDuration(timeout),
        null);
  }
}
