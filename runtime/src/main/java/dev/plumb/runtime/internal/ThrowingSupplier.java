package dev.plumb.runtime.internal;

/**
 * A call into a component, which may throw anything.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface ThrowingSupplier<T> {
  /**
   * Runs the call.
   *
   * @return the result
   * @throws Exception whatever the component throws
   */
  T get() throws Exception;
}
