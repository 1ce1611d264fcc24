package dev.plumb.workflow;

import dev.plumb.api.workflow.WorkflowQuery;
import dev.plumb.api.workflow.spi.Commit;
import dev.plumb.api.workflow.spi.EventType;
import dev.plumb.api.workflow.spi.InstanceRecord;
import dev.plumb.api.workflow.spi.Leases;
import dev.plumb.api.workflow.spi.StoredInstance;
import dev.plumb.api.workflow.spi.WorkItem;
import dev.plumb.api.workflow.spi.WorkflowStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-memory store, with loads that wait at a gate while one is set, and a start commit that
 * fails once when asked to.
 */
final class ControlledStore implements WorkflowStore {
  private final InMemoryWorkflowStore store = new InMemoryWorkflowStore();
  final AtomicInteger active = new AtomicInteger();
  final AtomicInteger maxActive = new AtomicInteger();
  volatile CountDownLatch gate;
  final AtomicBoolean failNextStart = new AtomicBoolean();

  @Override
  public Leases lease(
      String owner, Set<Integer> acquire, Set<Integer> release, Instant now, Duration ttl)
      throws Exception {
    return store.lease(owner, acquire, release, now, ttl);
  }

  @Override
  public StoredInstance load(String instanceId) throws Exception {
    CountDownLatch g = gate;
    if (g != null) {
      maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
      try {
        g.await();
      } finally {
        active.decrementAndGet();
      }
    }
    return store.load(instanceId);
  }

  @Override
  public InstanceRecord get(String instanceId) {
    return store.get(instanceId);
  }

  @Override
  public Commit.Result commit(Commit commit) throws Exception {
    if (commit.events().stream().anyMatch(e -> e.type() == EventType.EXECUTION_STARTED)
        && failNextStart.compareAndSet(true, false)) {
      throw new Exception("the store is unavailable");
    }
    return store.commit(commit);
  }

  @Override
  public List<WorkItem> pendingWork(int partition) {
    return store.pendingWork(partition);
  }

  @Override
  public List<WorkItem> inbox(Set<Integer> partitions) {
    return store.inbox(partitions);
  }

  @Override
  public WorkflowStore.InstancePage list(WorkflowQuery query) {
    return store.list(query);
  }

  @Override
  public List<String> children(String parentInstanceId) {
    return store.children(parentInstanceId);
  }

  @Override
  public boolean purge(String instanceId, long epoch) {
    return store.purge(instanceId, epoch);
  }
}
