package dev.plumb.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.spi.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class TestSchedulerTest {
  private final TestClock clock = TestClock.start();
  private final TestScheduler scheduler = new TestScheduler(clock);
  private final Instant start = clock.instant();

  @Test
  void anHourInOneCallRunsAMinutelyTaskSixtyTimesInOrder() {
    List<Instant> runs = new ArrayList<>();
    scheduler.every(Duration.ofMinutes(1), () -> runs.add(clock.instant()));

    int ran = scheduler.advance(Duration.ofHours(1));

    assertThat(ran).isEqualTo(60);
    assertThat(runs).hasSize(60).isSorted();
    for (int i = 0; i < 60; i++) {
      assertThat(runs.get(i)).isEqualTo(start.plus(Duration.ofMinutes(i + 1)));
    }
    assertThat(clock.instant()).isEqualTo(start.plus(Duration.ofHours(1)));
  }

  @Test
  void tasksRunByInstantThenByTheOrderTheyWereScheduled() {
    List<String> runs = new ArrayList<>();
    scheduler.schedule(Duration.ofSeconds(30), () -> runs.add("c@30s"));
    scheduler.schedule(Duration.ofSeconds(10), () -> runs.add("a@10s"));
    scheduler.schedule(Duration.ofSeconds(10), () -> runs.add("b@10s"));
    scheduler.every(
        Duration.ofSeconds(20), () -> runs.add("p@" + clock.instant().getEpochSecond() % 60 + "s"));
    // A task that schedules another one inside the window: it runs too.
    scheduler.schedule(
        Duration.ofSeconds(5),
        () -> scheduler.schedule(Duration.ofSeconds(10), () -> runs.add("d@15s")));

    scheduler.advance(Duration.ofSeconds(45));

    assertThat(runs).containsExactly("a@10s", "b@10s", "d@15s", "p@20s", "c@30s", "p@40s");
    assertThat(scheduler.pending()).isEqualTo(1);
    assertThat(scheduler.nextDue()).contains(start.plusSeconds(60));
  }

  @Test
  void aCancelledTaskDoesNotRunAndPastInstantsRunAtOnce() {
    List<String> runs = new ArrayList<>();
    Scheduler.Task task = scheduler.schedule(Duration.ofSeconds(1), () -> runs.add("cancelled"));
    Scheduler.Task periodic = scheduler.every(Duration.ofSeconds(1), () -> runs.add("tick"));
    scheduler.schedule(start.minusSeconds(5), () -> runs.add("overdue"));
    task.cancel();

    scheduler.advance(Duration.ofSeconds(2));
    periodic.cancel();
    scheduler.advance(Duration.ofSeconds(2));

    assertThat(runs).containsExactly("overdue", "tick", "tick");
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void runsTasksOnAChosenExecutorOneAtATime() {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      TestScheduler onExecutor = new TestScheduler(clock, executor);
      List<String> threads = new ArrayList<>();
      onExecutor.every(Duration.ofSeconds(1), () -> threads.add(Thread.currentThread().getName()));

      onExecutor.advance(Duration.ofSeconds(3));

      assertThat(threads).hasSize(3).doesNotContain(Thread.currentThread().getName());
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void aFailingTaskFailsTheAdvanceAtItsInstant() {
    scheduler.schedule(
        Duration.ofSeconds(10),
        () -> {
          throw new IllegalStateException("boom");
        });

    assertThatThrownBy(() -> scheduler.advance(Duration.ofMinutes(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("boom");
    assertThat(clock.instant()).isEqualTo(start.plusSeconds(10));
    assertThatThrownBy(() -> scheduler.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
