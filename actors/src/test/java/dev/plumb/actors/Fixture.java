package dev.plumb.actors;

import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.TestClock;
import dev.plumb.testkit.TestScheduler;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/** A {@code Plumb} with an in-memory actor state store on a {@link TestScheduler}. */
final class Fixture implements AutoCloseable {
  final TestScheduler scheduler = new TestScheduler(TestClock.start());
  final Plumb plumb;

  Fixture(Consumer<Plumb.Builder> configure) {
    Plumb.Builder b =
        Plumb.builder()
            .appId("app")
            .scheduler(scheduler)
            .shutdownGracePeriod(Duration.ofSeconds(5))
            .component("actorstore", "state.in-memory", Map.of("actorStateStore", "true"));
    configure.accept(b);
    plumb = b.build();
  }

  static Plumb.Builder builder(TestScheduler scheduler) {
    return Plumb.builder()
        .appId("app")
        .scheduler(scheduler)
        .component("actorstore", "state.in-memory", Map.of("actorStateStore", "true"));
  }

  dev.plumb.api.actors.Actors actors() {
    return plumb.actors();
  }

  void advance(Duration d) {
    scheduler.advance(d);
  }

  @Override
  public void close() {
    plumb.close();
  }
}
