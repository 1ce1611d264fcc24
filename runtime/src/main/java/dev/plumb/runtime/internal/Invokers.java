package dev.plumb.runtime.internal;

import dev.plumb.api.ComponentException;
import dev.plumb.api.PlumbException;
import dev.plumb.runtime.spi.Invoker;
import io.opentelemetry.context.Context;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/** Invokers without policies, and the one rule that turns failures into Plumb's exceptions. */
public final class Invokers {
  private Invokers() {}

  /**
   * An invoker without resiliency or telemetry: it only wraps failures. For components without a
   * policy, under telemetry.
   *
   * @param componentName the component's name
   * @param componentType the component's type
   * @param executor runs {@code callAsync} calls
   * @return the invoker
   */
  public static Invoker direct(String componentName, String componentType, Executor executor) {
    return direct(componentName, componentType, executor, Redactor::none);
  }

  /**
   * An invoker without resiliency or telemetry that keeps secrets out of the failures it wraps.
   *
   * @param componentName the component's name
   * @param componentType the component's type
   * @param executor runs {@code callAsync} calls
   * @param secrets the secret values to redact, read at each failure
   * @return the invoker
   */
  public static Invoker direct(
      String componentName, String componentType, Executor executor, Supplier<Redactor> secrets) {
    return new Invoker() {
      @Override
      public <T> T call(String operation, Callable<T> call) {
        try {
          return call.call();
        } catch (Exception e) {
          throw wrap(componentName, componentType, operation, e, secrets.get());
        }
      }

      @Override
      public <T> CompletableFuture<T> callAsync(String operation, Callable<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Callable<T> traced = Context.current().wrap(call);
        try {
          executor.execute(
              () -> {
                try {
                  result.complete(traced.call());
                } catch (Exception e) {
                  result.completeExceptionally(
                      wrap(componentName, componentType, operation, e, secrets.get()));
                } catch (Error e) {
                  result.completeExceptionally(e);
                  throw e;
                }
              });
        } catch (RejectedExecutionException e) {
          result.completeExceptionally(
              wrap(componentName, componentType, operation, e, secrets.get()));
        }
        return result;
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
   * @return {@code e} itself (unwrapped from a {@link CompletionException} or {@link
   *     ExecutionException}) if it is a {@link PlumbException}, else a {@link ComponentException}
   */
  public static RuntimeException wrap(
      String componentName, String componentType, String operation, Throwable e) {
    return wrap(componentName, componentType, operation, e, Redactor.none());
  }

  /**
   * Turns a provider's exception into what the user sees, with secrets and every part of one of at
   * least {@value Redactor#MIN_FRAGMENT} characters redacted from its message and causes: a
   * driver's message may quote a host or a password that came from a secret store.
   *
   * @param componentName the component's name
   * @param componentType the component's type
   * @param operation the failed operation
   * @param e the exception
   * @param secrets the secret values to redact
   * @return {@code e} itself (unwrapped, redacted) if it is a {@link PlumbException}, else a {@link
   *     ComponentException} whose message describes the whole cause chain
   */
  public static RuntimeException wrap(
      String componentName, String componentType, String operation, Throwable e, Redactor secrets) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof PlumbException p) {
      return secrets.redact(p);
    }
    if (t instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new ComponentException(
        componentName,
        componentType,
        operation + " failed: " + secrets.redact(Causes.describe(t)),
        secrets.redact(t));
  }
}
