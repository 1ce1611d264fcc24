package dev.plumb.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.actors.ActorContext;
import dev.plumb.api.actors.ActorLifecycle;
import dev.plumb.api.actors.ActorOptions;
import dev.plumb.api.actors.ActorType;
import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.TestClock;
import dev.plumb.testkit.TestScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LifecycleTest {
  public interface Worker {
    String work(String task);

    String callOther(String id);
  }

  /** What happened, and what should go wrong. */
  static final class Events {
    final List<String> log = new CopyOnWriteArrayList<>();
    final AtomicInteger failActivations = new AtomicInteger();
    final Map<String, CountDownLatch[]> rendezvous = new ConcurrentHashMap<>();
  }

  static final class WorkerActor implements Worker, ActorLifecycle {
    private final ActorContext ctx;
    private final Events events;

    WorkerActor(ActorContext ctx, Events events) {
      this.ctx = ctx;
      this.events = events;
    }

    @Override
    public void onActivate() {
      if (events.failActivations.getAndDecrement() > 0) {
        throw new IllegalStateException("not today");
      }
      events.log.add("activate " + ctx.type() + "/" + ctx.id());
    }

    @Override
    public void onDeactivate() {
      events.log.add("deactivate " + ctx.type() + "/" + ctx.id());
      ctx.state().set("deactivated", true);
    }

    @Override
    public String work(String task) {
      CountDownLatch[] latches = events.rendezvous.get(task);
      if (latches != null) {
        latches[0].countDown();
        try {
          latches[1].await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      events.log.add("work " + ctx.id() + " " + task);
      return task + " done";
    }

    @Override
    public String callOther(String id) {
      return ctx.actors().proxy(Worker.class, "Worker", id).work("nested");
    }
  }

  private final Events events = new Events();
  private final TestScheduler scheduler = new TestScheduler(TestClock.start());
  // Callers that block get threads of their own: the common pool may have a single one.
  private final ExecutorService callers = Executors.newCachedThreadPool();

  @AfterEach
  void stopCallers() {
    callers.shutdownNow();
  }

  private Plumb.Builder builder() {
    return Fixture.builder(scheduler)
        .shutdownGracePeriod(Duration.ofSeconds(10))
        .actor(
            ActorType.builder(Worker.class, ctx -> new WorkerActor(ctx, events))
                .options(ActorOptions.builder().idleTimeout(Duration.ofMinutes(10)).build())
                .build())
        .actor(
            ActorType.builder(Worker.class, ctx -> new WorkerActor(ctx, events))
                .name("Quick")
                .options(
                    ActorOptions.builder()
                        .idleTimeout(Duration.ofSeconds(20))
                        .drainOngoingCallTimeout(Duration.ofMillis(200))
                        .build())
                .build());
  }

  @Test
  void activatedOnFirstCallAndDeactivatedWhenIdleEachTypeOnItsTimeout() {
    try (Plumb p = builder().build()) {
      Worker slow = p.actors().proxy(Worker.class, "Worker", "1");
      Worker quick = p.actors().proxy(Worker.class, "Quick", "1");
      assertThat(events.log).isEmpty();
      slow.work("a");
      quick.work("a");
      slow.work("b");
      assertThat(events.log)
          .containsExactly(
              "activate Worker/1", "work 1 a", "activate Quick/1", "work 1 a", "work 1 b");
      scheduler.advance(Duration.ofSeconds(30));
      assertThat(events.log).contains("deactivate Quick/1").doesNotContain("deactivate Worker/1");
      scheduler.advance(Duration.ofMinutes(10));
      assertThat(events.log).contains("deactivate Worker/1");
      assertThat(p.actors().invoke("Worker", "1", "work", "c", String.class)).isEqualTo("c done");
      assertThat(events.log).containsSubsequence("deactivate Worker/1", "activate Worker/1");
    }
  }

  @Test
  void aFailedActivationFailsTheCallAndTheNextCallActivatesAgain() {
    events.failActivations.set(1);
    try (Plumb p = builder().build()) {
      Worker w = p.actors().proxy(Worker.class, "Worker", "1");
      assertThatThrownBy(() -> w.work("a")).hasMessage("not today");
      assertThat(w.work("b")).isEqualTo("b done");
      assertThat(events.log).containsExactly("activate Worker/1", "work 1 b");
    }
  }

  @Test
  void closeLetsTurnsInFlightFinishThenDeactivates() throws Exception {
    Plumb p = builder().build();
    Worker w = p.actors().proxy(Worker.class, "Worker", "1");
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    events.rendezvous.put("long", new CountDownLatch[] {inside, release});
    CompletableFuture<String> inFlight =
        CompletableFuture.supplyAsync(() -> w.work("long"), callers);
    assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
    Worker other = p.actors().proxy(Worker.class, "Worker", "2");
    CompletableFuture<Void> closing = CompletableFuture.runAsync(p::close, callers);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> other.work("new"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the actor runtime is closed"));
    assertThat(closing.isDone()).as("close waits for the turn").isFalse();
    release.countDown();
    closing.get(10, TimeUnit.SECONDS);
    assertThat(inFlight.get()).isEqualTo("long done");
    assertThat(events.log).containsSubsequence("work 1 long", "deactivate Worker/1");
  }

  @Test
  void closeWaitsNoLongerThanTheTypesDrainTimeout() throws Exception {
    Plumb p = builder().build();
    Worker w = p.actors().proxy(Worker.class, "Quick", "1");
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    events.rendezvous.put("stuck", new CountDownLatch[] {inside, release});
    CompletableFuture<String> inFlight =
        CompletableFuture.supplyAsync(() -> w.work("stuck"), callers);
    assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
    long start = System.nanoTime();
    p.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    release.countDown();
    assertThat(inFlight.get(5, TimeUnit.SECONDS)).isEqualTo("stuck done");
  }

  @Test
  void turnsInFlightMayStillCallOtherActorsWhileDraining() throws Exception {
    Plumb p = builder().build();
    Worker w = p.actors().proxy(Worker.class, "Worker", "1");
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    events.rendezvous.put("nested", new CountDownLatch[] {inside, release});
    CompletableFuture<String> inFlight =
        CompletableFuture.supplyAsync(() -> w.callOther("2"), callers);
    assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(p::close, callers);
    release.countDown();
    assertThat(inFlight.get(10, TimeUnit.SECONDS)).isEqualTo("nested done");
    closing.get(10, TimeUnit.SECONDS);
  }
}
