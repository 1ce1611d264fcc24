package dev.plumb.workflow;

import dev.plumb.api.workflow.WorkflowQuery;
import dev.plumb.api.workflow.spi.Commit;
import dev.plumb.api.workflow.spi.HistoryEvent;
import dev.plumb.api.workflow.spi.InstanceRecord;
import dev.plumb.api.workflow.spi.Lease;
import dev.plumb.api.workflow.spi.Leases;
import dev.plumb.api.workflow.spi.StoredInstance;
import dev.plumb.api.workflow.spi.WorkItem;
import dev.plumb.api.workflow.spi.WorkKey;
import dev.plumb.api.workflow.spi.WorkflowStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A {@link WorkflowStore} in memory, for tests and development: lost when the JVM ends, shared by
 * every engine given the same object (which is how tests restart an engine on the same data).
 * Thread-safe: one lock around everything, so each commit is atomic.
 */
public final class InMemoryWorkflowStore implements WorkflowStore {
  private final Map<String, InstanceRecord> records = new HashMap<>();
  private final Map<String, List<HistoryEvent>> histories = new HashMap<>();
  private final Map<String, Map<String, WorkItem>> work = new HashMap<>();
  private final Map<Integer, Lease> leases = new HashMap<>();
  private final Map<String, Instant> members = new HashMap<>();
  private final Map<Integer, Set<String>> signalled = new HashMap<>();
  private long epoch;

  /** Creates an empty store. */
  public InMemoryWorkflowStore() {}

  @Override
  public synchronized Leases lease(
      String owner, Set<Integer> acquire, Set<Integer> release, Instant now, Duration ttl) {
    Instant until = now.plus(ttl);
    members.put(owner, until);
    members.values().removeIf(t -> !t.isAfter(now));
    for (Map.Entry<Integer, Lease> e : new ArrayList<>(leases.entrySet())) {
      Lease l = e.getValue();
      if (l.owner().equals(owner)) {
        if (release.contains(e.getKey())) {
          leases.remove(e.getKey());
        } else {
          e.setValue(new Lease(l.partition(), owner, l.epoch(), until));
        }
      }
    }
    for (int p : acquire) {
      Lease l = leases.get(p);
      if (p >= 0 && p < partitions() && (l == null || !l.expiresAt().isAfter(now))) {
        leases.put(p, new Lease(p, owner, ++epoch, until));
      }
    }
    return new Leases(new ArrayList<>(leases.values()), members);
  }

  private int partition(String instanceId) {
    return WorkflowStore.partitionOf(instanceId, partitions());
  }

  /** Whether a commit may change the instance's row: its lease, or an unfenced new run. */
  private boolean admits(Commit c, InstanceRecord current) {
    if (c.epoch() == 0) {
      return current == null || current.status().isTerminal();
    }
    Lease l = leases.get(partition(c.instanceId()));
    return l != null && l.epoch() == c.epoch();
  }

  @Override
  public synchronized StoredInstance load(String instanceId) {
    InstanceRecord r = records.get(instanceId);
    return r == null ? null : new StoredInstance(r, histories.getOrDefault(instanceId, List.of()));
  }

  @Override
  public synchronized InstanceRecord get(String instanceId) {
    return records.get(instanceId);
  }

  @Override
  public synchronized Commit.Result commit(Commit c) {
    if (c.record() != null) {
      InstanceRecord current = records.get(c.instanceId());
      long version = current == null ? 0 : current.version();
      if (version != c.expectedVersion()) {
        return Commit.Result.VERSION_CONFLICT;
      }
      if (!admits(c, current)) {
        return Commit.Result.FENCED;
      }
      records.put(c.instanceId(), c.record());
      List<HistoryEvent> h =
          c.resetHistory()
              ? new ArrayList<>()
              : histories.computeIfAbsent(c.instanceId(), k -> new ArrayList<>());
      h.addAll(c.events());
      histories.put(c.instanceId(), h);
      if (c.clearTasks()) {
        Map<String, WorkItem> mine = work.get(c.instanceId());
        if (mine != null) {
          mine.values().removeIf(w -> w.kind() != WorkItem.Kind.MESSAGE);
        }
      }
    }
    for (WorkKey k : c.removed()) {
      Map<String, WorkItem> m = work.get(k.instanceId());
      if (m != null) {
        m.remove(k.key());
      }
    }
    for (WorkItem w : c.added()) {
      work.computeIfAbsent(w.instanceId(), k -> new LinkedHashMap<>()).put(w.key(), w);
      if (c.signal()) {
        signalled
            .computeIfAbsent(partition(w.instanceId()), k -> new HashSet<>())
            .add(w.instanceId());
      }
    }
    return Commit.Result.OK;
  }

  @Override
  public synchronized List<WorkItem> pendingWork(int partition) {
    List<WorkItem> all = new ArrayList<>();
    work.forEach(
        (id, m) -> {
          if (partition(id) == partition) {
            all.addAll(m.values());
          }
        });
    return all;
  }

  @Override
  public synchronized List<WorkItem> inbox(Set<Integer> partitions) {
    List<WorkItem> all = new ArrayList<>();
    for (int p : partitions) {
      Set<String> ids = signalled.remove(p);
      if (ids != null) {
        ids.forEach(id -> all.addAll(work.getOrDefault(id, Map.of()).values()));
      }
    }
    return all;
  }

  @Override
  public synchronized InstancePage list(WorkflowQuery query) {
    List<InstanceRecord> sorted =
        records.values().stream()
            .filter(
                r ->
                    (query.statuses().isEmpty() || query.statuses().contains(r.status()))
                        && (query.name() == null || query.name().equals(r.name()))
                        && (query.createdFrom() == null
                            || !r.createdAt().isBefore(query.createdFrom()))
                        && (query.createdTo() == null || r.createdAt().isBefore(query.createdTo())))
            .sorted(
                Comparator.comparing(InstanceRecord::createdAt)
                    .reversed()
                    .thenComparing(InstanceRecord::instanceId))
            .collect(Collectors.toList());
    int from = query.continuationToken() == null ? 0 : Integer.parseInt(query.continuationToken());
    int to = Math.min(sorted.size(), from + query.pageSize());
    return new InstancePage(
        from >= sorted.size() ? List.of() : sorted.subList(from, to),
        to < sorted.size() ? Integer.toString(to) : null);
  }

  @Override
  public synchronized List<String> children(String parentInstanceId) {
    return records.values().stream()
        .filter(r -> parentInstanceId.equals(r.parentInstanceId()))
        .map(InstanceRecord::instanceId)
        .collect(Collectors.toList());
  }

  @Override
  public synchronized boolean purge(String instanceId, long claimEpoch) {
    histories.remove(instanceId);
    work.remove(instanceId);
    return records.remove(instanceId) != null;
  }

  /**
   * Returns how many history events are stored, for tests.
   *
   * @param instanceId the instance
   * @return the count of the current generation
   */
  public synchronized int historySize(String instanceId) {
    return histories.getOrDefault(instanceId, List.of()).size();
  }

  /**
   * Returns a copy of an instance's stored history, for tests and replays.
   *
   * @param instanceId the instance
   * @return the events of the current generation
   */
  public synchronized List<HistoryEvent> history(String instanceId) {
    return List.copyOf(histories.getOrDefault(instanceId, List.of()));
  }
}
