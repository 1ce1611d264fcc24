package dev.plumb.api.workflow;

/** An instance with the id exists and is not finished, so the id cannot be reused yet. */
public final class WorkflowAlreadyExistsException extends WorkflowException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the operation and the value
   */
  public WorkflowAlreadyExistsException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public WorkflowAlreadyExistsException(String message, Throwable cause) {
    super(message, cause);
  }
}
