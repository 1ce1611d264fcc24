package dev.plumb.api.workflow;

/** No instance has the id (Dapr's {@code ERR_INSTANCE_ID_NOT_FOUND}). */
public final class WorkflowNotFoundException extends WorkflowException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the operation and the value
   */
  public WorkflowNotFoundException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public WorkflowNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
