package dev.plumb.api.workflow.spi;

/** The kinds of history events, durabletask's names. */
public enum EventType {
  /** A step began: {@code timestamp} is the workflow's current instant, {@code patches} known. */
  WORKFLOW_STARTED,
  /**
   * The run started: {@code name}, {@code data} = input, {@code instanceId} and {@code relatedId} =
   * the parent and its task, the workflow version in {@code patches}.
   */
  EXECUTION_STARTED,
  /** The run completed ({@code name} = status name), {@code data} = output or {@code failure}. */
  EXECUTION_COMPLETED,
  /** The instance was terminated, {@code data} = output. */
  EXECUTION_TERMINATED,
  /** The instance was suspended, {@code name} = reason. */
  EXECUTION_SUSPENDED,
  /** The instance was resumed, {@code name} = reason. */
  EXECUTION_RESUMED,
  /** The run continued as new with {@code data} as input. */
  CONTINUE_AS_NEW,
  /** An activity was scheduled: {@code taskId}, {@code name}, {@code data}, {@code relatedId}. */
  TASK_SCHEDULED,
  /** An activity completed: {@code taskId}, {@code data}. */
  TASK_COMPLETED,
  /** An activity failed: {@code taskId}, {@code failure}. */
  TASK_FAILED,
  /** A child was started: {@code taskId}, {@code name}, {@code instanceId}, {@code data}. */
  CHILD_WORKFLOW_CREATED,
  /** A child completed: {@code taskId}, {@code data}. */
  CHILD_WORKFLOW_COMPLETED,
  /** A child failed: {@code taskId}, {@code failure}. */
  CHILD_WORKFLOW_FAILED,
  /** A durable timer was created: {@code taskId}, {@code fireAt}, {@code name} = origin. */
  TIMER_CREATED,
  /** A durable timer fired: {@code taskId}, {@code fireAt}. */
  TIMER_FIRED,
  /** An external event arrived: {@code name}, {@code data}. */
  EVENT_RAISED
}
