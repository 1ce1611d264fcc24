package dev.plumb.api.workflow;

import dev.plumb.api.workflow.spi.HistoryEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Schedules and manages workflow instances (Dapr's workflow management API and {@code
 * DaprWorkflowClient}). Every method is blocking, thread-safe and durable when it returns: what it
 * changed is in the workflow store.
 */
public interface Workflows {

  /**
   * Schedules an instance of a registered workflow.
   *
   * @param name the workflow's name
   * @param input the input; may be {@code null}
   * @param options the instance id, start time and version; {@link ScheduleOptions#defaults()}
   * @return the instance id
   * @throws WorkflowNotRegisteredException if no workflow has that name (or version)
   * @throws InvalidInstanceIdException if the id breaks Dapr's rules
   * @throws WorkflowAlreadyExistsException if an unfinished instance has the id
   * @throws WorkflowSerializationException if the input cannot be serialized
   */
  String schedule(String name, Object input, ScheduleOptions options);

  /**
   * Schedules an instance with a generated id, starting now.
   *
   * @param name the workflow's name
   * @param input the input
   * @return the instance id
   */
  default String schedule(String name, Object input) {
    return schedule(name, input, ScheduleOptions.defaults());
  }

  /**
   * Schedules an instance of the workflow registered with this class.
   *
   * @param workflow the workflow's class
   * @param input the input
   * @param options the options
   * @param <I> the input's type
   * @return the instance id
   * @throws WorkflowNotRegisteredException if no workflow of that class is registered
   */
  <I> String schedule(Class<? extends Workflow<I, ?>> workflow, I input, ScheduleOptions options);

  /**
   * Schedules an instance of the workflow registered with this class, with a generated id.
   *
   * @param workflow the workflow's class
   * @param input the input
   * @param <I> the input's type
   * @return the instance id
   */
  default <I> String schedule(Class<? extends Workflow<I, ?>> workflow, I input) {
    return schedule(workflow, input, ScheduleOptions.defaults());
  }

  /**
   * Reads an instance's state.
   *
   * @param instanceId the id
   * @return the state, or empty if no instance has the id
   */
  Optional<WorkflowState> get(String instanceId);

  /**
   * Waits until an instance has started (is no longer {@link WorkflowStatus#PENDING}).
   *
   * @param instanceId the id
   * @param timeout how long to wait
   * @return the state
   * @throws WorkflowNotFoundException if no instance has the id
   * @throws TimeoutException if it did not start in time
   * @throws InterruptedException if interrupted
   */
  WorkflowState waitForStart(String instanceId, Duration timeout)
      throws TimeoutException, InterruptedException;

  /**
   * Waits until an instance is finished ({@link WorkflowStatus#isTerminal()}).
   *
   * @param instanceId the id
   * @param timeout how long to wait
   * @return the final state
   * @throws WorkflowNotFoundException if no instance has the id
   * @throws TimeoutException if it did not finish in time
   * @throws InterruptedException if interrupted
   */
  WorkflowState waitForCompletion(String instanceId, Duration timeout)
      throws TimeoutException, InterruptedException;

  /**
   * Raises an external event on an instance; {@link WorkflowContext#waitForExternalEvent} receives
   * it, or it is buffered until then.
   *
   * @param instanceId the id
   * @param eventName the event's name (case-insensitive)
   * @param payload the payload; may be {@code null}
   * @throws WorkflowNotFoundException if no instance has the id
   * @throws WorkflowStateException if the instance is finished
   * @throws IllegalArgumentException if the event name is empty ({@code
   *     ERR_WORKFLOW_EVENT_NAME_MISSING})
   */
  void raiseEvent(String instanceId, String eventName, Object payload);

  /**
   * Suspends an instance: it stops at its next step and holds incoming events until resumed.
   *
   * @param instanceId the id
   * @param reason why; may be {@code null}
   * @throws WorkflowNotFoundException if no instance has the id
   * @throws WorkflowStateException if the instance is finished
   */
  void suspend(String instanceId, String reason);

  /**
   * Resumes a suspended instance.
   *
   * @param instanceId the id
   * @param reason why; may be {@code null}
   * @throws WorkflowNotFoundException if no instance has the id
   * @throws WorkflowStateException if the instance is finished
   */
  void resume(String instanceId, String reason);

  /**
   * Terminates an instance and, recursively, its running child workflows. Activities already
   * running are not interrupted; their results are dropped. Terminating a finished instance does
   * nothing.
   *
   * @param instanceId the id
   * @param output the output to record; may be {@code null}
   * @throws WorkflowNotFoundException if no instance has the id
   */
  void terminate(String instanceId, Object output);

  /**
   * Deletes a finished instance's state and history, and those of its child workflows.
   *
   * @param instanceId the id
   * @return true if something was deleted
   * @throws WorkflowStateException if the instance is not finished
   */
  boolean purge(String instanceId);

  /**
   * Reads an instance's history, Dapr's {@code GetInstanceHistory}: every event of its current run
   * in order, control events included. The {@code taskId} of a {@code TASK_SCHEDULED} event is the
   * event id {@link #rerun} takes. For diagnostics, for {@code WorkflowReplayer} in the testkit and
   * for choosing a rerun point; the events' layout may change between Plumb versions.
   *
   * @param instanceId the id
   * @return the events, oldest first
   * @throws WorkflowNotFoundException if no instance has the id
   */
  List<HistoryEvent> history(String instanceId);

  /**
   * Reruns a finished instance from one of its activities as a new instance (Dapr 1.16's {@code
   * RerunWorkflowFromEvent}): the new instance gets the source's history up to the activity's
   * {@code TASK_SCHEDULED} event, runs that activity again (with a new input if given), and the
   * code continues from there. The source is left as it is. Activities the source had scheduled
   * before that point and whose results came after it run again too (fan-out peers), and so do
   * timers still pending at that point; events raised after it are not carried over. The new
   * instance has no parent.
   *
   * @param sourceInstanceId the finished instance
   * @param eventId the {@code taskId} of the activity's {@code TASK_SCHEDULED} event in {@link
   *     #history}, as in {@link TaskFailedException#taskId()}
   * @param options the new instance's id and the activity's input; {@link RerunOptions#defaults()}
   * @return the new instance's id
   * @throws WorkflowNotFoundException if no instance has the source id
   * @throws WorkflowStateException if the source is not finished (COMPLETED, FAILED, CANCELED or
   *     TERMINATED), or a child workflow it started was still running at that point
   * @throws dev.plumb.api.InvalidRequestException if no activity of the source has that event id
   * @throws InvalidInstanceIdException if the new id breaks Dapr's rules
   * @throws WorkflowAlreadyExistsException if an instance has the new id
   * @throws WorkflowSerializationException if the new input cannot be serialized
   */
  String rerun(String sourceInstanceId, int eventId, RerunOptions options);

  /**
   * Lists instances, most recently created first.
   *
   * @param query the filter and the page
   * @return one page
   */
  WorkflowPage list(WorkflowQuery query);
}
