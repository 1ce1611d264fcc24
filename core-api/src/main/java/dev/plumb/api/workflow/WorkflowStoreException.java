package dev.plumb.api.workflow;

/**
 * The workflow store failed or fenced this engine out (another owner took over); nothing of the
 * step was written.
 */
public final class WorkflowStoreException extends WorkflowException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the operation and the value
   */
  public WorkflowStoreException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public WorkflowStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
