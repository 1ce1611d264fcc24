package dev.plumb.api.workflow;

/**
 * The operation does not apply to the instance in its status: an event raised on a finished
 * instance, a running instance purged, a finished one suspended.
 */
public final class WorkflowStateException extends WorkflowException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the operation and the value
   */
  public WorkflowStateException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public WorkflowStateException(String message, Throwable cause) {
    super(message, cause);
  }
}
