package dev.plumb.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.workflow.FailureDetails;
import dev.plumb.api.workflow.WorkflowQuery;
import dev.plumb.api.workflow.WorkflowStatus;
import dev.plumb.api.workflow.spi.Commit;
import dev.plumb.api.workflow.spi.EventType;
import dev.plumb.api.workflow.spi.HistoryEvent;
import dev.plumb.api.workflow.spi.InstanceRecord;
import dev.plumb.api.workflow.spi.Lease;
import dev.plumb.api.workflow.spi.Leases;
import dev.plumb.api.workflow.spi.WorkItem;
import dev.plumb.api.workflow.spi.WorkKey;
import dev.plumb.api.workflow.spi.WorkflowStore;
import dev.plumb.testkit.TestComponentContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.JedisPooled;

/** The native workflow store of the Redis state store, through the SPI and as stored. */
class RedisWorkflowStoreIT {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration TTL = Duration.ofSeconds(10);
  private static RedisTestSupport.PrivateRedis server;
  private static TestComponentContext context;
  private static RedisStateComponent component;
  private static JedisPooled raw;

  @BeforeAll
  static void start() throws Exception {
    server = new RedisTestSupport.PrivateRedis();
    context =
        new TestComponentContext(
            "actorstore", "state.redis", Map.of("redisHost", "127.0.0.1:" + server.port));
    component = (RedisStateComponent) new RedisStateProvider().create(context);
    raw = new JedisPooled("127.0.0.1", server.port);
  }

  @AfterAll
  static void stop() throws Exception {
    raw.close();
    component.close();
    context.close();
    server.close();
  }

  private static RedisWorkflowStore store(String app) {
    return (RedisWorkflowStore) component.forApp(app);
  }

  private static InstanceRecord row(String id, WorkflowStatus status, long version) {
    return new InstanceRecord(
        id, "Chain", null, status, T0, T0, null, null, null, null, null, null, 1, version);
  }

  private static HistoryEvent event(int task) {
    return HistoryEvent.of(EventType.TASK_COMPLETED, T0, task, null)
        .withData(("r" + task).getBytes(StandardCharsets.UTF_8));
  }

  private static Commit step(String id, long expected, long epoch, WorkflowStatus status) {
    return new Commit(
        id,
        expected,
        epoch,
        row(id, status, expected + 1),
        false,
        List.of(event((int) expected)),
        false,
        List.of(),
        List.of(),
        false);
  }

  private static WorkItem activity(String id, String key) {
    return new WorkItem(
        id,
        key,
        WorkItem.Kind.ACTIVITY,
        T0,
        1,
        1,
        HistoryEvent.of(EventType.TASK_SCHEDULED, T0, 0, "Step"));
  }

  private static long epochOf(Leases leases, int partition) {
    return leases.leases().stream()
        .filter(l -> l.partition() == partition)
        .mapToLong(Lease::epoch)
        .findFirst()
        .orElse(0);
  }

  @Test
  void aRowAndItsHistoryRoundTripWithEveryField() throws Exception {
    RedisWorkflowStore s = store("roundtrip");
    InstanceRecord r =
        new InstanceRecord(
            "rt-1",
            "Chain",
            "v2",
            WorkflowStatus.FAILED,
            T0.plusNanos(123_456_789),
            T0.plusSeconds(5),
            new byte[] {0, '\n', (byte) 0xff},
            "\"out\"".getBytes(StandardCharsets.UTF_8),
            null,
            new FailureDetails("java.lang.IllegalStateException", "boom", "at x"),
            "stalled",
            "parent-1",
            3,
            1);
    HistoryEvent e =
        new HistoryEvent(
            EventType.CHILD_WORKFLOW_CREATED,
            T0,
            7,
            "Child",
            new byte[] {1, 2},
            T0.plusSeconds(60),
            "child-1",
            4,
            3,
            new FailureDetails("T", null, null),
            List.of("p1", "p2"),
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    assertThat(
            s.commit(
                new Commit("rt-1", 0, 0, r, true, List.of(e), false, List.of(), List.of(), false)))
        .isEqualTo(Commit.Result.OK);
    var loaded = s.load("rt-1");
    assertThat(loaded.record()).usingRecursiveComparison().isEqualTo(r);
    assertThat(loaded.history()).hasSize(1);
    assertThat(loaded.history().get(0)).usingRecursiveComparison().isEqualTo(e);
    assertThat(s.get("rt-1")).usingRecursiveComparison().isEqualTo(r);
    assertThat(s.children("parent-1")).containsExactly("rt-1");
    assertThat(raw.exists("plumb-wf||{roundtrip}||i||rt-1")).isTrue();
    assertThat(store("other-app").get("rt-1")).isNull();
    assertThat(s.purge("rt-1", 0)).isTrue();
    assertThat(s.load("rt-1")).isNull();
    assertThat(s.children("parent-1")).isEmpty();
    assertThat(s.purge("rt-1", 0)).isFalse();
    assertThat(raw.keys("plumb-wf||{roundtrip}||*"))
        .allMatch(k -> k.endsWith("||leases") || k.endsWith("||members"));
  }

  @Test
  void twoCommitsRacingOnOneInstanceYieldOneOkAndOneVersionConflict() throws Exception {
    RedisWorkflowStore s = store("race");
    String id = "race-1";
    int p = WorkflowStore.partitionOf(id, s.partitions());
    long epoch = epochOf(s.lease("engine-a", Set.of(p), Set.of(), T0, TTL), p);
    assertThat(s.commit(step(id, 0, epoch, WorkflowStatus.RUNNING))).isEqualTo(Commit.Result.OK);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (long v = 1; v <= 50; v++) {
        long expected = v;
        CyclicBarrier barrier = new CyclicBarrier(2);
        List<Future<Commit.Result>> racers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          racers.add(
              pool.submit(
                  () -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    return s.commit(step(id, expected, epoch, WorkflowStatus.RUNNING));
                  }));
        }
        List<Commit.Result> results = new ArrayList<>();
        for (Future<Commit.Result> f : racers) {
          results.add(f.get(10, TimeUnit.SECONDS));
        }
        assertThat(results)
            .as("race %d", v)
            .containsExactlyInAnyOrder(Commit.Result.OK, Commit.Result.VERSION_CONFLICT);
      }
    } finally {
      pool.shutdownNow();
    }
    // One step per race, no more: the loser wrote nothing.
    assertThat(s.load(id).history()).hasSize(51);
    assertThat(s.get(id).version()).isEqualTo(51);
  }

  @Test
  void aStaleEpochIsFencedAndStepsNeverInterleaveOwners() throws Exception {
    RedisWorkflowStore s = store("fence");
    String id = "fence-1";
    int p = WorkflowStore.partitionOf(id, s.partitions());
    long a = epochOf(s.lease("engine-a", Set.of(p), Set.of(), T0, TTL), p);
    assertThat(s.commit(step(id, 0, a, WorkflowStatus.RUNNING))).isEqualTo(Commit.Result.OK);
    // engine-a goes silent; its lease expires and engine-b takes the partition.
    Instant later = T0.plus(TTL).plusSeconds(1);
    long b = epochOf(s.lease("engine-b", Set.of(p), Set.of(), later, TTL), p);
    assertThat(b).isGreaterThan(a);
    assertThat(s.commit(step(id, 1, a, WorkflowStatus.RUNNING))).isEqualTo(Commit.Result.FENCED);
    assertThat(s.commit(step(id, 1, 0, WorkflowStatus.RUNNING)))
        .as("epoch 0 on a running instance")
        .isEqualTo(Commit.Result.FENCED);
    assertThat(s.commit(step(id, 1, b, WorkflowStatus.COMPLETED))).isEqualTo(Commit.Result.OK);
    assertThat(s.commit(step(id, 2, a, WorkflowStatus.RUNNING))).isEqualTo(Commit.Result.FENCED);
    // A finished instance's id may be reused unfenced.
    assertThat(s.commit(step(id, 2, 0, WorkflowStatus.RUNNING))).isEqualTo(Commit.Result.OK);
    assertThat(s.stepEpochs(id)).containsExactly(a, b, 0L);
    assertThat(s.get(id).version()).isEqualTo(3);
  }

  @Test
  void leasesRenewReleaseExpireAndLeave() throws Exception {
    RedisWorkflowStore s = store("leases");
    Leases first = s.lease("a", Set.of(0, 1, 2), Set.of(), T0, TTL);
    assertThat(first.leases()).extracting(Lease::owner).containsOnly("a").hasSize(3);
    assertThat(first.members()).containsEntry("a", T0.plus(TTL));
    long e1 = epochOf(first, 1);
    // b cannot take a live lease; a renews late (expired, untaken) and keeps its epoch.
    Leases second = s.lease("b", Set.of(1, 3), Set.of(), T0.plusSeconds(1), TTL);
    assertThat(second.leases())
        .filteredOn(l -> l.partition() == 1)
        .extracting(Lease::owner)
        .containsExactly("a");
    Leases third = s.lease("a", Set.of(), Set.of(2), T0.plusSeconds(10), TTL);
    assertThat(epochOf(third, 1)).isEqualTo(e1);
    assertThat(third.leases()).extracting(Lease::partition).containsExactlyInAnyOrder(0, 1, 3);
    assertThat(third.members()).containsOnlyKeys("a", "b");
    // a leaves: its leases end at once and b takes one with an epoch greater than any before.
    Leases left = s.lease("a", Set.of(), Set.of(), T0.plusSeconds(12), Duration.ZERO);
    assertThat(left.members()).doesNotContainKey("a");
    long max = left.leases().stream().mapToLong(Lease::epoch).max().orElseThrow();
    Leases taken = s.lease("b", Set.of(0), Set.of(), T0.plusSeconds(12), TTL);
    assertThat(epochOf(taken, 0)).isGreaterThan(max);
    assertThat(s.lease("c", Set.of(99, -1), Set.of(), T0.plusSeconds(12), TTL).leases())
        .extracting(Lease::owner)
        .doesNotContain("c");
  }

  @Test
  void workIsPendingPerPartitionSignalledOnceAndClearedWithTasks() throws Exception {
    RedisWorkflowStore s = store("work");
    String id = "w-1";
    String other = "w-other";
    int p = WorkflowStore.partitionOf(id, s.partitions());
    int q = WorkflowStore.partitionOf(other, s.partitions());
    WorkItem message =
        new WorkItem(
            id,
            "m1",
            WorkItem.Kind.MESSAGE,
            T0,
            1,
            0,
            HistoryEvent.of(EventType.EVENT_RAISED, T0, -1, "go"));
    assertThat(
            s.commit(
                new Commit(
                    id,
                    0,
                    0,
                    row(id, WorkflowStatus.RUNNING, 1),
                    false,
                    List.of(),
                    false,
                    List.of(activity(id, "a1"), activity(id, "a2"), message, activity(other, "x")),
                    List.of(),
                    true)))
        .isEqualTo(Commit.Result.OK);
    assertThat(s.pendingWork(p)).extracting(WorkItem::key).contains("a1", "a2", "m1");
    Set<Integer> both = new HashSet<>(List.of(p, q));
    List<WorkItem> signalled = s.inbox(both);
    assertThat(signalled)
        .extracting(WorkItem::key)
        .containsExactlyInAnyOrder("a1", "a2", "m1", "x");
    assertThat(s.inbox(both)).isEmpty();
    assertThat(signalled.stream().filter(w -> w.key().equals("m1")).findFirst().orElseThrow())
        .usingRecursiveComparison()
        .isEqualTo(message);
    // Removing work and clearing tasks keep the messages; the index follows.
    assertThat(
            s.commit(
                new Commit(
                    null,
                    0,
                    0,
                    null,
                    false,
                    List.of(),
                    false,
                    List.of(),
                    List.of(new WorkKey(other, "x"), new WorkKey(other, "missing")),
                    false)))
        .isEqualTo(Commit.Result.OK);
    assertThat(s.pendingWork(q)).extracting(WorkItem::instanceId).doesNotContain(other);
    assertThat(
            s.commit(
                new Commit(
                    id,
                    1,
                    0,
                    row(id, WorkflowStatus.RUNNING, 2),
                    false,
                    List.of(),
                    true,
                    List.of(),
                    List.of(),
                    false)))
        .as("epoch 0 may not change a running instance")
        .isEqualTo(Commit.Result.FENCED);
    long epoch = epochOf(s.lease("e", Set.of(p), Set.of(), T0, TTL), p);
    assertThat(
            s.commit(
                new Commit(
                    id,
                    1,
                    epoch,
                    row(id, WorkflowStatus.COMPLETED, 2),
                    false,
                    List.of(),
                    true,
                    List.of(),
                    List.of(new WorkKey(id, "m1")),
                    false)))
        .isEqualTo(Commit.Result.OK);
    assertThat(s.pendingWork(p)).extracting(WorkItem::instanceId).doesNotContain(id);
    assertThat(raw.exists("plumb-wf||{work}||w||" + id)).isFalse();
  }

  @Test
  void listPagesNewestFirstWithFilters() throws Exception {
    RedisWorkflowStore s = store("list");
    for (int i = 0; i < 25; i++) {
      InstanceRecord r =
          new InstanceRecord(
              "l-" + i,
              i % 2 == 0 ? "Even" : "Odd",
              null,
              WorkflowStatus.COMPLETED,
              T0.plusSeconds(i / 5),
              T0,
              null,
              null,
              null,
              null,
              null,
              null,
              1,
              1);
      s.commit(
          new Commit(
              r.instanceId(), 0, 0, r, false, List.of(), false, List.of(), List.of(), false));
    }
    List<InstanceRecord> all = new ArrayList<>();
    String token = null;
    do {
      WorkflowStore.InstancePage page =
          s.list(WorkflowQuery.all().name("Even").pageSize(4).after(token));
      assertThat(page.records().size()).isLessThanOrEqualTo(4);
      all.addAll(page.records());
      token = page.continuationToken();
    } while (token != null);
    assertThat(all).extracting(InstanceRecord::instanceId).doesNotHaveDuplicates().hasSize(13);
    assertThat(all)
        .extracting(InstanceRecord::createdAt)
        .isSortedAccordingTo((x, y) -> y.compareTo(x));
    assertThat(
            s.list(WorkflowQuery.all().createdBetween(T0.plusSeconds(1), T0.plusSeconds(2)))
                .records())
        .extracting(InstanceRecord::instanceId)
        .containsExactlyInAnyOrder("l-5", "l-6", "l-7", "l-8", "l-9");
    assertThat(s.list(WorkflowQuery.all().status(WorkflowStatus.RUNNING)).records()).isEmpty();
  }

  @Test
  void aCallWaitsAgainWhilePoolHasNoConnectionForIt() throws Exception {
    ConnectionPoolConfig config = new ConnectionPoolConfig();
    config.setMaxTotal(1);
    config.setMaxWait(Duration.ofMillis(300));
    try (JedisPooled one = new JedisPooled(config, "127.0.0.1", server.port)) {
      RedisWorkflowStore s = new RedisWorkflowStore(one, "pool");
      s.commit(step("p-1", 0, 0, WorkflowStatus.COMPLETED));
      // The only connection is busy for 1.5 s (a blocking pop on an empty list): the read's first
      // wait for it times out after 300 ms, and it waits again instead of failing.
      CompletableFuture<Object> busy =
          CompletableFuture.supplyAsync(() -> one.blpop(1.5, "plumb-wf-pool-empty"));
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> one.getPool().getNumActive() == 1);
      assertThat(s.get("p-1").version()).isEqualTo(1);
      assertThat(busy.get(10, TimeUnit.SECONDS)).isNull();
    }
  }

  @Test
  void eachApplicationHasItsOwnHashTaggedPrefix() {
    assertThat(store("some-app").prefix()).isEqualTo("plumb-wf||{some-app}||");
    assertThat(store("").prefix()).isEqualTo("plumb-wf||{app}||");
  }
}
