package dev.plumb.api.workflow;

/** No workflow or activity is registered under the name (or the instance's version is missing). */
public final class WorkflowNotRegisteredException extends WorkflowException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the operation and the value
   */
  public WorkflowNotRegisteredException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public WorkflowNotRegisteredException(String message, Throwable cause) {
    super(message, cause);
  }
}
