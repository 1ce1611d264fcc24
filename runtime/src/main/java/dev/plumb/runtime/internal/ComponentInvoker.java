package dev.plumb.runtime.internal;

import dev.plumb.api.ComponentException;
import dev.plumb.api.PlumbException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Runs building-block calls against one component: applies its resiliency policies, records a span
 * and metrics, and turns provider failures into {@link ComponentException}s naming the component.
 * {@link PlumbException}s thrown by the call (etag mismatch, invalid request, ...) pass through
 * unchanged and are never retried.
 */
public interface ComponentInvoker {

  /**
   * Runs a call, blocking.
   *
   * @param operation the operation's name for spans, metrics and messages, such as {@code get}
   * @param call the call
   * @param <T> the result type
   * @return the call's result
   * @throws PlumbException the call's own, or a {@link ComponentException} wrapping any other
   */
  <T> T call(String operation, ThrowingSupplier<T> call);

  /**
   * Runs a call on the runtime's executor.
   *
   * @param operation the operation's name
   * @param call the call
   * @param <T> the result type
   * @return completes with the result, or exceptionally as {@link #call} would throw
   */
  <T> CompletableFuture<T> callAsync(String operation, ThrowingSupplier<T> call);

  /**
   * An invoker without resiliency or telemetry: it only wraps failures. For tests and for
   * components that have no policy.
   *
   * @param componentName the component's name
   * @param componentType the component's type
   * @param executor runs {@link #callAsync} calls
   * @return the invoker
   */
  static ComponentInvoker direct(String componentName, String componentType, Executor executor) {
    return new ComponentInvoker() {
      @Override
      public <T> T call(String operation, ThrowingSupplier<T> call) {
        try {
          return call.get();
        } catch (Exception e) {
          throw wrap(componentName, componentType, operation, e);
        }
      }

      @Override
      public <T> CompletableFuture<T> callAsync(String operation, ThrowingSupplier<T> call) {
        return CompletableFuture.supplyAsync(() -> call(operation, call), executor);
      }
    };
  }

  /**
   * Turns a provider's exception into what the user sees.
   *
   * @param componentName the component's name
   * @param componentType the component's type
   * @param operation the failed operation
   * @param e the exception
   * @return {@code e} itself if it is a {@link PlumbException}, else a {@link ComponentException}
   */
  static RuntimeException wrap(
      String componentName, String componentType, String operation, Throwable e) {
    Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (t instanceof PlumbException) {
      return (PlumbException) t;
    }
    if (t instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    String detail = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return new ComponentException(
        componentName, componentType, operation + " failed: " + detail, t);
  }
}
