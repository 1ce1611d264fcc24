package dev.plumb.state.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.workflow.WorkflowStatus;
import dev.plumb.api.workflow.spi.Commit;
import dev.plumb.api.workflow.spi.EventType;
import dev.plumb.api.workflow.spi.HistoryEvent;
import dev.plumb.api.workflow.spi.InstanceRecord;
import dev.plumb.api.workflow.spi.Lease;
import dev.plumb.api.workflow.spi.Leases;
import dev.plumb.api.workflow.spi.WorkItem;
import dev.plumb.api.workflow.spi.WorkflowStore;
import dev.plumb.workflow.InMemoryWorkflowStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The native workflow store's own guarantees on PostgreSQL: version and epoch checks per commit
 * within a group commit, the lease table as the in-memory reference keeps it, and the epochs
 * recorded on history rows.
 */
class PostgresqlWorkflowStoreIT {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration TTL = Duration.ofSeconds(10);
  private static final Set<Integer> ALL =
      IntStream.range(0, WorkflowStore.DEFAULT_PARTITIONS).boxed().collect(Collectors.toSet());

  private Map<String, String> md;
  private PostgresqlStateComponent component;
  private PostgresqlWorkflowStore store;

  @BeforeEach
  void open() throws Exception {
    md = PostgresqlTestSupport.metadata("v2");
    component = (PostgresqlStateComponent) PostgresqlTestSupport.create("v2", md);
    store = component.workflowStore();
  }

  @AfterEach
  void close() throws Exception {
    component.close();
    PostgresqlTestSupport.drop("v2", md);
  }

  private static InstanceRecord record(String id, WorkflowStatus status, long version) {
    return new InstanceRecord(
        id, "Wf", null, status, T0, T0, null, null, null, null, null, null, 1, version);
  }

  private static HistoryEvent event(int task) {
    return HistoryEvent.of(EventType.TASK_SCHEDULED, T0, task, "Act").withData(new byte[] {1, 2});
  }

  /** A step of {@code id} from {@code expected} to the next version, with one event. */
  private static Commit step(String id, long expected, long epoch) {
    return new Commit(
        id,
        expected,
        epoch,
        record(id, WorkflowStatus.RUNNING, expected + 1),
        false,
        List.of(event((int) expected)),
        false,
        List.of(),
        List.of(),
        false);
  }

  private static WorkItem message(String target, String key) {
    return new WorkItem(
        target,
        key,
        WorkItem.Kind.MESSAGE,
        T0,
        1,
        0,
        HistoryEvent.of(EventType.EVENT_RAISED, T0, -1, "ping"));
  }

  private long epochOf(Leases leases, String id) {
    int p = WorkflowStore.partitionOf(id, store.partitions());
    return leases.leases().stream()
        .filter(l -> l.partition() == p)
        .findFirst()
        .orElseThrow()
        .epoch();
  }

  private List<Long> historyEpochs(String id) throws Exception {
    List<Long> out = new ArrayList<>();
    try (Connection c = PostgresqlTestSupport.raw();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT epoch FROM "
                    + PostgresqlTestSupport.stateTable("v2", md)
                    + "_wf_history WHERE app_id = 'it' AND instance_id = ? ORDER BY step")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
    }
    return out;
  }

  @Test
  void twoCommitsRacingOnOneInstanceYieldOneOkAndOneConflict() throws Exception {
    long epoch = epochOf(store.lease("e1", ALL, Set.of(), T0, TTL), "race");
    assertThat(store.commit(step("race", 0, epoch))).isEqualTo(Commit.Result.OK);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Commit.Result>> results = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return store.commit(step("race", 1, epoch));
                }));
      }
      go.countDown();
      List<Commit.Result> got = new ArrayList<>();
      for (Future<Commit.Result> f : results) {
        got.add(f.get());
      }
      assertThat(got).containsExactlyInAnyOrder(Commit.Result.OK, Commit.Result.VERSION_CONFLICT);
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.get("race").version()).isEqualTo(2);
    assertThat(store.load("race").history()).hasSize(2);
  }

  @Test
  void aStaleEpochIsFencedAndEachStepRecordsItsEpoch() throws Exception {
    long first = epochOf(store.lease("e1", ALL, Set.of(), T0, TTL), "fenced");
    assertThat(store.commit(step("fenced", 0, first))).isEqualTo(Commit.Result.OK);
    // e1's leases lapse; e2 takes them with newer epochs
    Instant later = T0.plus(TTL).plusSeconds(1);
    long second = epochOf(store.lease("e2", ALL, Set.of(), later, TTL), "fenced");
    assertThat(second).isGreaterThan(first);
    assertThat(store.commit(step("fenced", 1, first))).isEqualTo(Commit.Result.FENCED);
    assertThat(store.commit(step("fenced", 1, 0))).isEqualTo(Commit.Result.FENCED);
    assertThat(store.commit(step("fenced", 1, second))).isEqualTo(Commit.Result.OK);
    assertThat(historyEpochs("fenced")).containsExactly(first, second);
  }

  @Test
  void aBatchWithBadCommitsStillWritesTheOthers() throws Exception {
    Leases leases = store.lease("e1", ALL, Set.of(), T0, TTL);
    assertThat(store.commit(step("old", 0, epochOf(leases, "old")))).isEqualTo(Commit.Result.OK);
    Commit good = step("new", 0, epochOf(leases, "new"));
    Commit stale = step("old", 5, epochOf(leases, "old"));
    Commit fenced = step("other", 0, epochOf(leases, "other") + 1_000);
    Commit workOnly =
        new Commit(
            null,
            0,
            0,
            null,
            false,
            List.of(),
            false,
            List.of(message("target", "m1")),
            List.of(),
            true);
    // PostgreSQL refuses U+0000 in text: this commit makes its batch's transaction fail
    Commit refused = step("bad\0id", 0, 0);
    List<CompletableFuture<Commit.Result>> results =
        store.commitTogether(List.of(good, stale, fenced, refused, workOnly));
    assertThat(results.get(0).get()).isEqualTo(Commit.Result.OK);
    assertThat(results.get(1).get()).isEqualTo(Commit.Result.VERSION_CONFLICT);
    assertThat(results.get(2).get()).isEqualTo(Commit.Result.FENCED);
    assertThat(results.get(3)).isCompletedExceptionally();
    assertThat(results.get(4).get()).isEqualTo(Commit.Result.OK);
    assertThat(store.get("new").version()).isEqualTo(1);
    assertThat(store.get("old").version()).isEqualTo(1);
    assertThat(store.load("old").history()).hasSize(1);
    assertThat(store.get("other")).isNull();
    int p = WorkflowStore.partitionOf("target", store.partitions());
    assertThat(store.pendingWork(p)).extracting(WorkItem::key).containsExactly("m1");
    assertThat(store.inbox(Set.of(p))).extracting(WorkItem::key).containsExactly("m1");
    assertThat(store.inbox(Set.of(p))).isEmpty();
  }

  @Test
  void leaseStepsKeepTheTableAsTheInMemoryReferenceDoes() throws Exception {
    InMemoryWorkflowStore reference = new InMemoryWorkflowStore();
    // Sorted sets: both stores then grant a call's partitions in the same order.
    record Call(String owner, Set<Integer> acquire, Set<Integer> release, long at, Duration ttl) {
      Call {
        acquire = new TreeSet<>(acquire);
      }
    }
    List<Call> calls =
        List.of(
            new Call("e1", Set.of(0, 1, 2), Set.of(), 0, TTL),
            new Call("e2", Set.of(1, 3), Set.of(), 1, TTL),
            new Call("e1", Set.of(), Set.of(2), 2, TTL),
            new Call("e2", Set.of(2), Set.of(), 3, TTL),
            // e1 is silent past its ttl: e2 takes partition 0, e1's own renewal keeps the rest
            new Call("e2", Set.of(0, 99), Set.of(), 13, TTL),
            new Call("e1", Set.of(0, 1), Set.of(), 14, TTL),
            new Call("e3", Set.of(5), Set.of(), 15, TTL),
            new Call("e1", Set.of(), Set.of(), 16, Duration.ZERO),
            new Call("e3", Set.of(1), Set.of(), 40, TTL));
    for (Call c : calls) {
      Instant now = T0.plusSeconds(c.at());
      Leases expected = reference.lease(c.owner(), c.acquire(), c.release(), now, c.ttl());
      Leases actual = store.lease(c.owner(), c.acquire(), c.release(), now, c.ttl());
      assertThat(sorted(actual.leases())).as("%s", c).isEqualTo(sorted(expected.leases()));
      assertThat(actual.members()).as("%s", c).isEqualTo(expected.members());
    }
  }

  private static List<Lease> sorted(List<Lease> leases) {
    List<Lease> out = new ArrayList<>(leases);
    out.sort(Comparator.comparingInt(Lease::partition));
    return out;
  }
}
