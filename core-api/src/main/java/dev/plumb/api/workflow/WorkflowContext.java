package dev.plumb.api.workflow;

import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a running workflow instance uses instead of clocks, threads and I/O, with the names of
 * Dapr's Java SDK. Every operation is recorded in the instance's history and replayed from it, so
 * the code gets the same answers after a crash. Use it only on the thread that runs {@link
 * Workflow#run}; tasks complete when awaited ({@link Task#await()}).
 */
public interface WorkflowContext {

  /**
   * Returns the workflow's registered name.
   *
   * @return the name
   */
  String getName();

  /**
   * Returns the instance id.
   *
   * @return the id
   */
  String getInstanceId();

  /**
   * Returns the current time of the workflow: the instant its current step started, recorded in
   * history, so replays see the same value. Use it instead of the wall clock.
   *
   * @return the instant
   */
  Instant getCurrentInstant();

  /**
   * Returns whether the code is replaying history recorded earlier (after an eviction or a crash).
   *
   * @return true while replaying
   */
  boolean isReplaying();

  /**
   * Returns a logger that is silent while the code replays, so each line is written once.
   *
   * @return the logger, named {@code dev.plumb.workflow.<name>}
   */
  System.Logger getLogger();

  /**
   * Calls an activity by its registered name.
   *
   * @param name the activity's name
   * @param input its input; may be {@code null}
   * @param options retries; {@code null} for none
   * @param resultType the result's type
   * @param <V> the result's type
   * @return the result's task
   * @throws WorkflowNotRegisteredException if no activity has that name
   * @throws WorkflowSerializationException if the input cannot be serialized
   */
  default <V> Task<V> callActivity(
      String name, Object input, TaskOptions options, Class<V> resultType) {
    return callActivity(name, input, options, (Type) resultType);
  }

  /**
   * Calls an activity whose result has a generic type, such as {@code List<Receipt>}: the result is
   * read as that type rather than as its erasure.
   *
   * @param name the activity's name
   * @param input its input; may be {@code null}
   * @param options retries; {@code null} for none
   * @param resultType the result's type: a class or a parameterized type
   * @param <V> the result's type
   * @return the result's task
   * @throws WorkflowNotRegisteredException if no activity has that name
   * @throws WorkflowSerializationException if the input cannot be serialized
   */
  <V> Task<V> callActivity(String name, Object input, TaskOptions options, Type resultType);

  /**
   * Returns a typed stub of an activity interface: each call of one of its methods calls the
   * activity named after the method ({@link #callActivity}) with the method's argument as input. A
   * method returning {@link Task Task&lt;X&gt;} schedules the activity and returns its task, for
   * fan-out with {@link #allOf}; any other method awaits the result and returns it ({@code void}
   * ignores it), so a failed activity throws {@link TaskFailedException}. Default methods run as
   * written. Register the implementation with {@link ActivityDefinition#allOf}. The stub is valid
   * only on the workflow's thread, like this context.
   *
   * @param activityInterface an interface whose abstract methods take 0 or 1 argument and have
   *     distinct names
   * @param options retries of every call; {@code null} for none
   * @param <T> the interface
   * @return the stub
   * @throws WorkflowConfigurationException if the type is not an interface or a method takes more
   *     than one argument or shares its name with another
   */
  default <T> T activities(Class<T> activityInterface, TaskOptions options) {
    return ActivityStubs.stub(this, activityInterface, options);
  }

  /**
   * Returns a typed stub of an activity interface whose calls are not retried.
   *
   * @param activityInterface the interface
   * @param <T> the interface
   * @return the stub
   * @throws WorkflowConfigurationException if the interface does not qualify ({@link
   *     #activities(Class, TaskOptions)})
   */
  default <T> T activities(Class<T> activityInterface) {
    return activities(activityInterface, null);
  }

  /**
   * Calls an activity without retries.
   *
   * @param name the activity's name
   * @param input its input; may be {@code null}
   * @param resultType the result's type
   * @param <V> the result's type
   * @return the result's task
   * @throws WorkflowNotRegisteredException if no activity has that name
   */
  default <V> Task<V> callActivity(String name, Object input, Class<V> resultType) {
    return callActivity(name, input, null, resultType);
  }

  /**
   * Calls an activity without retries, ignoring its result.
   *
   * @param name the activity's name
   * @param input its input; may be {@code null}
   * @return the completion's task
   */
  default Task<Void> callActivity(String name, Object input) {
    return callActivity(name, input, null, Void.class);
  }

  /**
   * Starts a child workflow and returns its output's task. The child runs as an instance of its
   * own; terminating this instance terminates it.
   *
   * @param name the child workflow's registered name
   * @param input its input; may be {@code null}
   * @param instanceId the child's instance id; {@code null} for a deterministic one derived from
   *     this instance's id
   * @param options retries; {@code null} for none
   * @param resultType the output's type
   * @param <V> the output's type
   * @return the output's task; fails with {@link TaskFailedException} if the child fails
   * @throws WorkflowNotRegisteredException if no workflow has that name
   */
  <V> Task<V> callChildWorkflow(
      String name, Object input, String instanceId, TaskOptions options, Class<V> resultType);

  /**
   * Starts a child workflow with a derived instance id and no retries.
   *
   * @param name the child workflow's registered name
   * @param input its input
   * @param resultType the output's type
   * @param <V> the output's type
   * @return the output's task
   */
  default <V> Task<V> callChildWorkflow(String name, Object input, Class<V> resultType) {
    return callChildWorkflow(name, input, null, null, resultType);
  }

  /**
   * Creates a durable timer: it survives crashes and, on a test scheduler, fires as soon as the
   * test advances time.
   *
   * @param delay how long from {@link #getCurrentInstant()}; zero or negative fires at once
   * @return the timer's task
   */
  Task<Void> createTimer(Duration delay);

  /**
   * Creates a durable timer that fires at an instant.
   *
   * @param fireAt when; an instant already past fires at once
   * @return the timer's task
   */
  Task<Void> createTimer(Instant fireAt);

  /**
   * Waits for an external event raised with {@link Workflows#raiseEvent}. Names are
   * case-insensitive; an event raised before the wait is buffered and delivered to it; several
   * waits on one name are served first come, first served.
   *
   * @param name the event's name
   * @param timeout how long to wait; {@code null} for ever
   * @param type the payload's type
   * @param <V> the payload's type
   * @return the payload's task; cancelled ({@link TaskCanceledException}) when the timeout passes
   */
  <V> Task<V> waitForExternalEvent(String name, Duration timeout, Class<V> type);

  /**
   * Waits for an external event for ever.
   *
   * @param name the event's name
   * @param type the payload's type
   * @param <V> the payload's type
   * @return the payload's task
   */
  default <V> Task<V> waitForExternalEvent(String name, Class<V> type) {
    return waitForExternalEvent(name, null, type);
  }

  /**
   * Returns a task that completes when all the given tasks have, with their results in order.
   *
   * @param tasks the tasks
   * @param <V> their result type
   * @return the results' task; fails with {@link CompositeTaskFailedException} if any task failed
   */
  <V> Task<List<V>> allOf(List<Task<V>> tasks);

  /**
   * Returns a task that completes when the first of the given tasks completes.
   *
   * @param tasks the tasks; at least one
   * @return the task that completed first (successfully or not)
   */
  Task<Task<?>> anyOf(List<Task<?>> tasks);

  /**
   * Ends this run and starts the instance again with a new input and an empty history, dropping
   * events that were received but not yet waited for. Does not return: the code after it never
   * runs.
   *
   * @param newInput the next run's input
   */
  default void continueAsNew(Object newInput) {
    continueAsNew(newInput, false);
  }

  /**
   * Ends this run and starts the instance again with a new input and an empty history.
   *
   * @param newInput the next run's input
   * @param preserveUnprocessedEvents whether events received but not yet waited for are carried
   *     into the next run
   */
  void continueAsNew(Object newInput, boolean preserveUnprocessedEvents);

  /**
   * Sets the custom status that {@link WorkflowState#readCustomStatusAs} returns.
   *
   * @param status the status; {@code null} clears it
   */
  void setCustomStatus(Object status);

  /**
   * Returns a UUID that is the same on every replay (a name-based UUID of the instance id, the
   * current instant and a counter).
   *
   * @return the UUID
   */
  UUID newUuid();

  /**
   * Tells whether a code change named {@code patchName} applies to this instance: true for new
   * instances and for instances that passed this point with the patch, false for instances that
   * passed it before the patch was deployed. Record-once: the answer never changes for an instance.
   *
   * @param patchName the patch's name
   * @return whether to run the patched code
   */
  boolean isPatched(String patchName);
}
