package dev.plumb.api.workflow;

import java.util.List;

/** One or more tasks of {@link WorkflowContext#allOf} failed; the others completed. */
public final class CompositeTaskFailedException extends WorkflowException {
  private static final long serialVersionUID = 1L;
  private final transient List<Exception> exceptions;

  /**
   * Creates the exception.
   *
   * @param exceptions the failures, in the order of the tasks
   */
  public CompositeTaskFailedException(List<Exception> exceptions) {
    super(
        exceptions.size()
            + " of the tasks failed, the first: "
            + (exceptions.isEmpty() ? "none" : exceptions.get(0).getMessage()));
    this.exceptions = List.copyOf(exceptions);
  }

  /**
   * Returns the failures.
   *
   * @return the failures, in the order of the tasks
   */
  public List<Exception> exceptions() {
    return exceptions;
  }
}
