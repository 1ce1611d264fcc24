package dev.plumb.api;

/**
 * The root of every exception Plumb throws. Unchecked: callers catch the subtype they can act on
 * ({@link dev.plumb.api.state.ETagMismatchException} for a lost optimistic-concurrency race, for
 * example) and let the rest propagate.
 *
 * <p>Messages never contain secret values.
 */
public abstract class PlumbException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message and an optional cause.
   *
   * @param message what went wrong, naming the component, file, line or field involved
   * @param cause the underlying failure, or {@code null}
   */
  protected PlumbException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong, naming the component, file, line or field involved
   */
  protected PlumbException(String message) {
    super(message);
  }
}
