package dev.plumb.api.workflow;

/** What an activity call knows about itself. Immutable; safe to use from any thread. */
public interface ActivityContext {

  /**
   * Returns the activity's registered name.
   *
   * @return the name
   */
  String name();

  /**
   * Returns the id of the workflow instance that called the activity.
   *
   * @return the instance id
   */
  String workflowInstanceId();

  /**
   * Returns the id of this attempt's task in the workflow's history (Dapr's task id).
   *
   * @return the task id; a retry gets a new one
   */
  int taskId();

  /**
   * Returns a key that is the same for every execution and every retry of this call, and differs
   * for every other call: {@code <instanceId>:<generation>:<taskId of the first attempt>}. Use it
   * to make the activity's effects idempotent, since an activity may run more than once.
   *
   * @return the key
   */
  String idempotencyKey();

  /**
   * Returns which attempt this is.
   *
   * @return 1 for the first attempt, 2 for the first retry, ...
   */
  int attempt();

  /**
   * Returns the context of the activity running on this thread, for methods of an activity
   * interface registered with {@link ActivityDefinition#allOf}, which take their input only (as
   * Temporal's {@code Activity.getExecutionContext()}).
   *
   * @return the running activity's context
   * @throws IllegalStateException outside such an activity's own thread
   */
  static ActivityContext current() {
    return ActivityStubs.current();
  }
}
