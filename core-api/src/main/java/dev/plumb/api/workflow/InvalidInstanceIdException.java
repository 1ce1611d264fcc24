package dev.plumb.api.workflow;

/**
 * An instance id breaks Dapr's rules: empty, longer than 64 characters, or with characters other
 * than letters, digits, {@code -} and {@code _} ({@code ERR_INSTANCE_ID_INVALID}, {@code
 * ERR_INSTANCE_ID_TOO_LONG}).
 */
public final class InvalidInstanceIdException extends WorkflowException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the operation and the value
   */
  public InvalidInstanceIdException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public InvalidInstanceIdException(String message, Throwable cause) {
    super(message, cause);
  }
}
