package dev.plumb.api.workflow;

import dev.plumb.api.PlumbException;

/** The root of the workflow building block's exceptions. */
public abstract class WorkflowException extends PlumbException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the workflow, instance, operation or field
   */
  protected WorkflowException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  protected WorkflowException(String message, Throwable cause) {
    super(message, cause);
  }
}
