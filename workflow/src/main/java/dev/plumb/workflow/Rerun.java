package dev.plumb.workflow;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.workflow.InvalidInstanceIdException;
import dev.plumb.api.workflow.RerunOptions;
import dev.plumb.api.workflow.WorkflowAlreadyExistsException;
import dev.plumb.api.workflow.WorkflowNotFoundException;
import dev.plumb.api.workflow.WorkflowStateException;
import dev.plumb.api.workflow.WorkflowStatus;
import dev.plumb.api.workflow.WorkflowStoreException;
import dev.plumb.api.workflow.spi.Commit;
import dev.plumb.api.workflow.spi.EventType;
import dev.plumb.api.workflow.spi.HistoryEvent;
import dev.plumb.api.workflow.spi.InstanceRecord;
import dev.plumb.api.workflow.spi.StoredInstance;
import dev.plumb.api.workflow.spi.WorkItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code Workflows#rerun}: clones a finished instance's history up to an activity's {@code
 * TASK_SCHEDULED} into a new instance, in one commit with the work the clone still owes (that
 * activity, the activities scheduled before it whose results came later, pending timers). The new
 * instance then replays the clone like any instance taken up after a restart.
 */
final class Rerun {
  private static final long GENERATION = 1;

  private Rerun() {}

  static String rerun(WorkflowEngine engine, String sourceId, int eventId, RerunOptions options) {
    RerunOptions o = options == null ? RerunOptions.defaults() : options;
    if (sourceId == null || sourceId.isEmpty()) {
      throw new InvalidInstanceIdException(
          "workflows rerun: the source instance id is empty (ERR_INSTANCE_ID_INVALID)");
    }
    StoredInstance source = engine.load(sourceId);
    if (source == null) {
      throw new WorkflowNotFoundException(
          "workflows rerun: no workflow instance has the id '"
              + sourceId
              + "' (ERR_INSTANCE_ID_NOT_FOUND)");
    }
    InstanceRecord src = source.record();
    if (!src.status().isTerminal()) {
      throw new WorkflowStateException(
          "workflows rerun: instance '"
              + sourceId
              + "' is "
              + src.status()
              + "; only a finished instance (COMPLETED, FAILED, CANCELED or TERMINATED) can be"
              + " rerun");
    }
    List<HistoryEvent> history = source.history();
    int at = activityAt(history, sourceId, eventId);
    String newId = o.newInstanceId() != null ? o.newInstanceId() : UUID.randomUUID().toString();
    WorkflowEngine.checkInstanceId(newId, "rerun");
    if (engine.load(newId) != null) {
      throw new WorkflowAlreadyExistsException(
          "workflows rerun: an instance with the id '"
              + newId
              + "' exists; a rerun needs a new instance id");
    }

    Instant now = engine.now();
    List<HistoryEvent> events = new ArrayList<>(at + 1);
    byte[] input = src.input();
    for (HistoryEvent e : history.subList(0, at)) {
      if (e.type() == EventType.EXECUTION_STARTED) {
        // The clone has no parent: its end must not be reported to the source's parent.
        input = e.data();
        events.add(
            new HistoryEvent(
                e.type(),
                e.timestamp(),
                -1,
                e.name(),
                e.data(),
                null,
                null,
                -1,
                0,
                null,
                e.patches()));
      } else {
        events.add(e.withGeneration(GENERATION));
      }
    }
    HistoryEvent target = history.get(at).withGeneration(GENERATION);
    if (o.hasInput()) {
      target =
          target.withData(
              engine.codec().encode(o.input(), "input of activity '" + target.name() + "'"));
    }
    events.add(target);

    InstanceRecord record =
        new InstanceRecord(
            newId,
            src.name(),
            src.versionName(),
            WorkflowStatus.RUNNING,
            now,
            now,
            input,
            null,
            null,
            null,
            null,
            null,
            GENERATION,
            1);
    List<WorkItem> owed = owedWork(newId, sourceId, eventId, events, now);
    Commit c =
        new Commit(
            newId,
            0,
            engine.epochOf(newId),
            record,
            true,
            events,
            true,
            owed,
            List.of(),
            engine.signals(owed));
    Commit.Result r = engine.commit(c);
    if (r == Commit.Result.VERSION_CONFLICT) {
      throw new WorkflowAlreadyExistsException(
          "workflows rerun: an instance with the id '" + newId + "' was created meanwhile");
    }
    if (r == Commit.Result.FENCED) {
      throw new WorkflowStoreException(
          "workflows rerun: the partition of '" + newId + "' changed hands meanwhile; rerun again");
    }
    engine.committed(c);
    return newId;
  }

  /** Finds the activity's event, or says which event ids are activities. */
  private static int activityAt(List<HistoryEvent> history, String sourceId, int eventId) {
    HistoryEvent other = null;
    for (int i = 0; i < history.size(); i++) {
      HistoryEvent e = history.get(i);
      if (e.taskId() == eventId && e.type() == EventType.TASK_SCHEDULED) {
        return i;
      }
      if (e.taskId() == eventId && other == null) {
        other = e;
      }
    }
    String activities =
        history.stream()
            .filter(e -> e.type() == EventType.TASK_SCHEDULED)
            .map(e -> e.taskId() + " '" + e.name() + "'")
            .collect(Collectors.joining(", "));
    throw new InvalidRequestException(
        "workflows rerun: event id "
            + eventId
            + " of instance '"
            + sourceId
            + "' "
            + (other == null ? "does not exist" : "is a " + other.type() + ", not an activity")
            + "; its activities' event ids are: "
            + (activities.isEmpty() ? "none" : activities));
  }

  /**
   * The work the clone owes: every activity and timer it scheduled without a result in the clone. A
   * child workflow still running at the cut would be a second run of the source's child, so it is
   * refused.
   */
  private static List<WorkItem> owedWork(
      String newId, String sourceId, int eventId, List<HistoryEvent> events, Instant now) {
    Map<Integer, HistoryEvent> open = new LinkedHashMap<>();
    Set<Integer> done = new HashSet<>();
    Map<Integer, Integer> attempts = new HashMap<>();
    Map<Integer, Integer> attemptOf = new HashMap<>();
    for (HistoryEvent e : events) {
      switch (e.type()) {
        case TASK_SCHEDULED:
          open.put(e.taskId(), e);
          attemptOf.put(e.taskId(), attempts.merge(e.relatedId(), 1, Integer::sum));
          break;
        case TIMER_CREATED:
        case CHILD_WORKFLOW_CREATED:
          open.put(e.taskId(), e);
          break;
        case TASK_COMPLETED:
        case TASK_FAILED:
        case TIMER_FIRED:
        case CHILD_WORKFLOW_COMPLETED:
        case CHILD_WORKFLOW_FAILED:
          done.add(e.taskId());
          break;
        default:
          break;
      }
    }
    List<WorkItem> work = new ArrayList<>();
    for (HistoryEvent e : open.values()) {
      if (done.contains(e.taskId())) {
        continue;
      }
      switch (e.type()) {
        case TASK_SCHEDULED:
          work.add(
              new WorkItem(
                  newId,
                  "a" + GENERATION + "-" + e.taskId(),
                  WorkItem.Kind.ACTIVITY,
                  now,
                  GENERATION,
                  attemptOf.get(e.taskId()),
                  e));
          break;
        case TIMER_CREATED:
          work.add(
              new WorkItem(
                  newId,
                  "t" + GENERATION + "-" + e.taskId(),
                  WorkItem.Kind.TIMER,
                  e.fireAt(),
                  GENERATION,
                  0,
                  new HistoryEvent(
                      EventType.TIMER_FIRED,
                      e.fireAt(),
                      e.taskId(),
                      e.name(),
                      null,
                      e.fireAt(),
                      null,
                      -1,
                      GENERATION,
                      null,
                      null)));
          break;
        default:
          throw new WorkflowStateException(
              "workflows rerun: child workflow '"
                  + e.name()
                  + "' (instance '"
                  + e.instanceId()
                  + "') of instance '"
                  + sourceId
                  + "' was still running when activity "
                  + eventId
                  + " was scheduled; rerun from an activity after it completed");
      }
    }
    return work;
  }
}
