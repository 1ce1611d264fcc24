package dev.plumb.api.workflow;

/**
 * The deterministic result of something a workflow started: an activity, a child workflow, a timer,
 * an external event, or a combination ({@link WorkflowContext#allOf}, {@link
 * WorkflowContext#anyOf}). Not a {@code CompletableFuture}: it completes only when the workflow
 * awaits, in history order, so the code sees the same results in the same order on every replay.
 * Use it only on the workflow's own thread.
 *
 * @param <V> the result's type
 */
public interface Task<V> {

  /**
   * Waits for the result, letting the workflow's other tasks progress; this is where a workflow
   * step ends and its history is committed.
   *
   * @return the result; may be {@code null}
   * @throws TaskFailedException if the activity or child workflow failed after its retries
   * @throws TaskCanceledException if an external event's wait timed out
   * @throws CompositeTaskFailedException if a task of {@link WorkflowContext#allOf} failed
   * @throws IllegalStateException if called outside the workflow's thread
   */
  V await();

  /**
   * Returns whether the task has completed (successfully or not).
   *
   * @return true once completed
   */
  boolean isDone();

  /**
   * Returns whether the task was cancelled, such as an external event's wait that timed out.
   *
   * @return true if cancelled
   */
  boolean isCancelled();
}
