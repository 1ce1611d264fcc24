package dev.plumb.api.workflow;

/** A task was cancelled: an external event's wait timed out before the event arrived. */
public final class TaskCanceledException extends TaskFailedException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param taskName the event's name
   * @param taskId the timeout timer's task id
   */
  public TaskCanceledException(String taskName, int taskId) {
    super(
        "waiting for external event '" + taskName + "' timed out",
        taskName,
        taskId,
        new FailureDetails(
            TaskCanceledException.class.getName(),
            "waiting for external event '" + taskName + "' timed out",
            null));
  }
}
