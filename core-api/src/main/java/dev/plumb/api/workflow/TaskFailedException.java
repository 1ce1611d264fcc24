package dev.plumb.api.workflow;

/**
 * An activity or a child workflow failed (after its retries), as seen by the workflow that awaited
 * it. The failure is data ({@link #failure()}), the same after a replay.
 */
public class TaskFailedException extends WorkflowException {
  private static final long serialVersionUID = 1L;
  private final String taskName;
  private final int taskId;
  private final transient FailureDetails failure;

  /**
   * Creates the exception.
   *
   * @param taskName the activity's or child workflow's name
   * @param taskId the task id in history
   * @param failure what went wrong
   */
  public TaskFailedException(String taskName, int taskId, FailureDetails failure) {
    super("task '" + taskName + "' (#" + taskId + ") failed: " + failure);
    this.taskName = taskName;
    this.taskId = taskId;
    this.failure = failure;
  }

  /**
   * Creates the exception with a message of its own.
   *
   * @param message the message
   * @param taskName the task's name
   * @param taskId the task id
   * @param failure what went wrong
   */
  protected TaskFailedException(
      String message, String taskName, int taskId, FailureDetails failure) {
    super(message);
    this.taskName = taskName;
    this.taskId = taskId;
    this.failure = failure;
  }

  /**
   * Returns the name of the activity or child workflow.
   *
   * @return the name
   */
  public String taskName() {
    return taskName;
  }

  /**
   * Returns the task id in history.
   *
   * @return the id
   */
  public int taskId() {
    return taskId;
  }

  /**
   * Returns what went wrong.
   *
   * @return the failure
   */
  public FailureDetails failure() {
    return failure;
  }
}
