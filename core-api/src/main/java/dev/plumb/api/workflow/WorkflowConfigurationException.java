package dev.plumb.api.workflow;

/** A workflow or activity registration, or the workflow store, is invalid. */
public final class WorkflowConfigurationException extends WorkflowException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the operation and the value
   */
  public WorkflowConfigurationException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public WorkflowConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
