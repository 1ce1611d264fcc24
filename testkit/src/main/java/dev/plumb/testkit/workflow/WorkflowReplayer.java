package dev.plumb.testkit.workflow;

import dev.plumb.api.workflow.WorkflowQuery;
import dev.plumb.api.workflow.WorkflowStatus;
import dev.plumb.api.workflow.spi.Commit;
import dev.plumb.api.workflow.spi.EventType;
import dev.plumb.api.workflow.spi.HistoryEvent;
import dev.plumb.api.workflow.spi.InstanceRecord;
import dev.plumb.api.workflow.spi.Lease;
import dev.plumb.api.workflow.spi.Leases;
import dev.plumb.api.workflow.spi.StoredInstance;
import dev.plumb.api.workflow.spi.WorkItem;
import dev.plumb.api.workflow.spi.WorkflowStore;
import dev.plumb.runtime.Plumb;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Replays a recorded {@link WorkflowHistory} against the current workflow code and reports the
 * first event the code no longer reproduces, before a change is deployed over running instances.
 * The replay is the engine's own: the history is loaded into a private engine whose store accepts
 * no work, so no activity, timer or child workflow runs, and the engine's replay check decides (the
 * one that sets a live instance to STALLED). To name the event, the replayer replays growing
 * prefixes of the history (a binary search, a handful of replays) and reads what the code did after
 * the longest prefix it still reproduces.
 *
 * <p>Used from tests; each call builds and closes its own {@code Plumb} and blocks until the
 * replays end. Thread-safe.
 */
public final class WorkflowReplayer {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private WorkflowReplayer() {}

  /**
   * The outcome of a replay.
   *
   * @param deterministic whether the code reproduces the whole history
   * @param eventIndex the index in the history of the first event the code does not reproduce; -1
   *     if deterministic
   * @param expected that event; {@code null} if deterministic
   * @param issued what the code did there instead: the task it scheduled (a {@code TASK_SCHEDULED},
   *     {@code TIMER_CREATED} or {@code CHILD_WORKFLOW_CREATED}) or how it ended ({@code
   *     EXECUTION_COMPLETED}); {@code null} if deterministic or if the code did nothing
   * @param reason the engine's explanation; {@code null} if deterministic
   */
  public record Result(
      boolean deterministic,
      int eventIndex,
      HistoryEvent expected,
      HistoryEvent issued,
      String reason) {

    /**
     * Throws unless the code reproduced the history.
     *
     * @throws AssertionError naming the event, its index, what the code did and the reason
     */
    public void assertDeterministic() {
      if (!deterministic) {
        throw new AssertionError(describe());
      }
    }

    /**
     * Describes the outcome in one line.
     *
     * @return the description
     */
    public String describe() {
      if (deterministic) {
        return "the code reproduces the history";
      }
      return "history event #"
          + eventIndex
          + " is "
          + brief(expected)
          + " but the code "
          + (issued == null ? "did nothing there" : "did " + brief(issued))
          + ": "
          + reason;
    }

    private static String brief(HistoryEvent e) {
      return e.type()
          + (e.name() == null ? "" : " '" + e.name() + "'")
          + (e.taskId() < 0 ? "" : " (task #" + e.taskId() + ")");
    }
  }

  /**
   * Replays a history against the workflows and activities that {@code registrations} registers
   * (the same calls the application makes on its builder; the activities are registered because
   * workflow code checks their names, but none runs).
   *
   * @param history the recorded history
   * @param registrations registers the current workflow code and its activities
   * @return the outcome
   * @throws IllegalArgumentException if the history has no {@code EXECUTION_STARTED}
   * @throws IllegalStateException if a replay does not end within 30 seconds
   */
  public static Result replay(WorkflowHistory history, Consumer<Plumb.Builder> registrations) {
    Objects.requireNonNull(registrations, "registrations");
    List<HistoryEvent> all = history.events();
    HistoryEvent start =
        all.stream()
            .filter(e -> e.type() == EventType.EXECUTION_STARTED)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "workflow history of '"
                            + history.instanceId()
                            + "' has no EXECUTION_STARTED event"));
    // The code ends where the recording ended: drop the end events and the step marker before
    // them, which a replay would otherwise expect the code to consume.
    int end = all.size();
    HistoryEvent ended = null;
    for (int i = 0; i < all.size(); i++) {
      EventType t = all.get(i).type();
      if (t == EventType.EXECUTION_COMPLETED || t == EventType.EXECUTION_TERMINATED) {
        end = i;
        ended = all.get(i);
        break;
      }
    }
    int body = end;
    while (body > 0 && all.get(body - 1).type() == EventType.WORKFLOW_STARTED) {
      body--;
    }
    Run full = run(history.instanceId(), start, all.subList(0, body), registrations);
    if (full.stalledReason() == null) {
      if (ended == null || ended.type() == EventType.EXECUTION_TERMINATED) {
        return new Result(true, -1, null, null, null);
      }
      if (full.ending() != null && Objects.equals(full.ending().name(), ended.name())) {
        return new Result(true, -1, null, null, null);
      }
      HistoryEvent did = full.ending() != null ? full.ending() : full.firstCommand(-1);
      return new Result(
          false,
          end,
          ended,
          did,
          did == null || did.type() == EventType.EXECUTION_COMPLETED
              ? "the run ended "
                  + (did == null ? "differently" : did.name())
                  + ", not "
                  + ended.name()
              : "the code did more after the point where the recorded run " + ended.name());
    }
    // Replays are deterministic, so once a prefix stalls every longer one does: binary search.
    int lo = 1;
    int hi = body;
    String reason = full.stalledReason();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      Run r = run(history.instanceId(), start, all.subList(0, mid), registrations);
      if (r.stalledReason() != null) {
        hi = mid;
        reason = r.stalledReason();
      } else {
        lo = mid + 1;
      }
    }
    HistoryEvent expected = all.get(lo - 1);
    Run before = run(history.instanceId(), start, all.subList(0, lo - 1), registrations);
    HistoryEvent did =
        before.stalledReason() != null
            ? null
            : before.ending() != null ? before.ending() : before.firstCommand(expected.taskId());
    return new Result(false, lo - 1, expected, did, reason);
  }

  /** What the code committed after replaying a prefix. */
  private record Run(String stalledReason, HistoryEvent ending, List<HistoryEvent> events) {
    /** The first task the code scheduled, preferring one with the given task id. */
    HistoryEvent firstCommand(int taskId) {
      HistoryEvent first = null;
      for (HistoryEvent e : events) {
        EventType t = e.type();
        if (t == EventType.TASK_SCHEDULED
            || t == EventType.TIMER_CREATED
            || t == EventType.CHILD_WORKFLOW_CREATED) {
          if (taskId >= 0 && e.taskId() == taskId) {
            return e;
          }
          if (first == null) {
            first = e;
          }
        }
      }
      return first;
    }
  }

  /**
   * Replays one prefix: loads it as a running instance, raises an event nobody waits for so the
   * engine takes the instance up, and reads the first step it commits.
   */
  private static Run run(
      String instanceId,
      HistoryEvent start,
      List<HistoryEvent> prefix,
      Consumer<Plumb.Builder> registrations) {
    HistoryEvent first = prefix.isEmpty() ? start : prefix.get(0);
    HistoryEvent last = prefix.isEmpty() ? start : prefix.get(prefix.size() - 1);
    InstanceRecord record =
        new InstanceRecord(
            instanceId,
            start.name(),
            start.patches().isEmpty() ? null : start.patches().get(0),
            WorkflowStatus.RUNNING,
            first.timestamp(),
            last.timestamp(),
            start.data(),
            null,
            null,
            null,
            null,
            start.instanceId(),
            Math.max(1, last.generation()),
            1);
    ReplayStore store = new ReplayStore(new StoredInstance(record, prefix));
    Plumb.Builder b = Plumb.builder().appId("replay").workflowStore(store);
    registrations.accept(b);
    try (Plumb plumb = b.build()) {
      plumb.workflows().raiseEvent(instanceId, "plumb-replay-" + UUID.randomUUID(), null);
      Commit c = store.step.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      InstanceRecord r = c.record();
      if (r.status() == WorkflowStatus.STALLED) {
        return new Run(r.stalledReason(), null, c.events());
      }
      HistoryEvent ending =
          c.events().stream()
              .filter(e -> e.type() == EventType.EXECUTION_COMPLETED)
              .findFirst()
              .orElse(null);
      return new Run(null, ending, c.events());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "replay of workflow instance '"
              + instanceId
              + "' took longer than "
              + TIMEOUT
              + "; is the code blocked outside the workflow context?",
          e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("replay of '" + instanceId + "' failed: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while replaying '" + instanceId + "'", e);
    }
  }

  /**
   * A store holding one instance. It passes management messages (the replay's trigger), records the
   * instance's first step and writes it only if it starts no work, so nothing runs.
   */
  private static final class ReplayStore implements WorkflowStore {
    final CompletableFuture<Commit> step = new CompletableFuture<>();
    private StoredInstance instance;

    ReplayStore(StoredInstance instance) {
      this.instance = instance;
    }

    @Override
    public Leases lease(
        String owner, Set<Integer> acquire, Set<Integer> release, Instant now, Duration ttl) {
      // The replay's engine is alone: it holds every partition for good.
      List<Lease> all = new ArrayList<>();
      for (int p = 0; p < partitions(); p++) {
        all.add(new Lease(p, owner, 1, Instant.MAX));
      }
      return new Leases(all, Map.of(owner, Instant.MAX));
    }

    @Override
    public synchronized StoredInstance load(String instanceId) {
      return instance.record().instanceId().equals(instanceId) ? instance : null;
    }

    @Override
    public synchronized InstanceRecord get(String instanceId) {
      StoredInstance s = load(instanceId);
      return s == null ? null : s.record();
    }

    @Override
    public synchronized Commit.Result commit(Commit c) {
      if (c.instanceId() == null) {
        return Commit.Result.OK;
      }
      if (!c.instanceId().equals(instance.record().instanceId())) {
        return Commit.Result.VERSION_CONFLICT;
      }
      step.complete(c);
      if (!c.added().isEmpty() || c.record() == null) {
        return Commit.Result.VERSION_CONFLICT;
      }
      List<HistoryEvent> h = new ArrayList<>(c.resetHistory() ? List.of() : instance.history());
      h.addAll(c.events());
      instance = new StoredInstance(c.record(), h);
      return Commit.Result.OK;
    }

    @Override
    public List<WorkItem> pendingWork(int partition) {
      return List.of();
    }

    @Override
    public List<WorkItem> inbox(Set<Integer> partitions) {
      return List.of();
    }

    @Override
    public InstancePage list(WorkflowQuery query) {
      return new InstancePage(List.of(), null);
    }

    @Override
    public List<String> children(String parentInstanceId) {
      return List.of();
    }

    @Override
    public boolean purge(String instanceId, long epoch) {
      return false;
    }
  }
}
