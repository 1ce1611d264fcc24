package dev.plumb.actors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TurnGateTest {
  /** A gate that counts its waiters, as activations do for the pending-calls metric. */
  static final class Gate extends TurnGate {
    final AtomicInteger waiting = new AtomicInteger();

    @Override
    void waiting(int delta) {
      waiting.addAndGet(delta);
    }
  }

  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @AfterEach
  void close() {
    pool.shutdownNow();
  }

  @Test
  void aFreeGateIsTakenAtOnceAndReleasedByAnyThread() throws Exception {
    Gate g = new Gate();
    assertThat(g.tryAcquire()).isTrue();
    assertThat(g.tryAcquire()).isFalse();
    assertThat(g.busy()).isTrue();
    CompletableFuture.runAsync(g::release, pool).get(5, TimeUnit.SECONDS);
    assertThat(g.busy()).isFalse();
    assertThat(g.acquire()).isZero();
    g.release();
    assertThat(g.waiting.get()).isZero();
  }

  @Test
  void waitersGetTheGateInArrivalOrderBlockingAndAsynchronousAlike() throws Exception {
    Gate g = new Gate();
    g.acquire();
    List<Integer> order = new CopyOnWriteArrayList<>();
    List<CompletableFuture<?>> done = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      int n = i;
      if (i % 2 == 0) {
        CountDownLatch queued = new CountDownLatch(1);
        done.add(
            CompletableFuture.runAsync(
                () -> {
                  queued.countDown();
                  g.acquire();
                  order.add(n);
                  g.release();
                },
                pool));
        queued.await(5, TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().until(() -> g.waiting.get() == n + 1);
      } else {
        CompletableFuture<Void> f = new CompletableFuture<>();
        done.add(f);
        g.acquireAsync(
            () -> {
              order.add(n);
              g.release();
              f.complete(null);
            },
            pool);
        assertThat(g.waiting.get()).isEqualTo(n + 1);
      }
    }
    g.release();
    CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0])).get(5, TimeUnit.SECONDS);
    assertThat(order).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(g.waiting.get()).isZero();
  }

  @Test
  void neverTwoHoldersUnderContention() throws Exception {
    Gate g = new Gate();
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger turns = new AtomicInteger();
    int rounds = 20_000;
    List<CompletableFuture<?>> done = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      boolean async = t % 2 == 1;
      done.add(
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < rounds; i++) {
                  if (async) {
                    CompletableFuture<Void> f = new CompletableFuture<>();
                    g.acquireAsync(
                        () -> {
                          turn(inside, overlaps, turns);
                          g.release();
                          f.complete(null);
                        },
                        Runnable::run);
                    f.join();
                  } else {
                    g.acquire();
                    turn(inside, overlaps, turns);
                    g.release();
                  }
                }
              },
              pool));
    }
    CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
    assertThat(overlaps.get()).isZero();
    assertThat(turns.get()).isEqualTo(8 * rounds);
    assertThat(g.busy()).isFalse();
  }

  private static void turn(AtomicInteger inside, AtomicInteger overlaps, AtomicInteger turns) {
    if (inside.incrementAndGet() != 1) {
      overlaps.incrementAndGet();
    }
    turns.incrementAndGet();
    inside.decrementAndGet();
  }
}
