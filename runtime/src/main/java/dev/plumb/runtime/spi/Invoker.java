package dev.plumb.runtime.spi;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Runs calls into one component (or deliveries from it to the application) under its resiliency
 * policies, with a span and metrics, and turns failures into Plumb's exceptions: a {@link
 * dev.plumb.api.PlumbException} thrown by the call (an etag mismatch, an invalid request) passes
 * through unchanged and is never retried; anything else becomes a {@link
 * dev.plumb.api.ComponentException} naming the component and the operation.
 *
 * <p>Policies nest as in Dapr: retry(circuitBreaker(timeout(call))). Waits between retries and
 * timeouts run on the runtime's {@link dev.plumb.api.spi.Scheduler}, so a test scheduler skips
 * them. Thread-safe.
 */
public interface Invoker {

  /**
   * Runs a call on the calling thread and returns its result. Under a timeout policy the attempt
   * runs on the runtime's blocking executor and the caller waits for it, at most the timeout.
   *
   * @param operation the operation's name in spans, metrics and messages, such as {@code get}
   * @param call the call
   * @param <T> the result type
   * @return the call's result
   * @throws dev.plumb.api.PlumbException the call's own, or a {@link
   *     dev.plumb.api.ComponentException} wrapping any other failure
   */
  <T> T call(String operation, Callable<T> call);

  /**
   * Runs a call asynchronously: each attempt on the runtime's executor, waits and timeouts on the
   * scheduler. No runtime thread ever blocks waiting for another.
   *
   * @param operation the operation's name
   * @param call the call; it may block (it runs on a runtime thread)
   * @param <T> the result type
   * @return completes with the result, or exceptionally with what {@link #call} would throw
   */
  <T> CompletableFuture<T> callAsync(String operation, Callable<T> call);
}
