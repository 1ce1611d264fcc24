package dev.plumb.api.workflow;

/**
 * A workflow or activity input, output, event payload or custom status cannot be serialized or
 * deserialized.
 */
public final class WorkflowSerializationException extends WorkflowException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, naming the operation and the value
   */
  public WorkflowSerializationException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public WorkflowSerializationException(String message, Throwable cause) {
    super(message, cause);
  }
}
