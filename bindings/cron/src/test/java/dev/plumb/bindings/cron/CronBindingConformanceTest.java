package dev.plumb.bindings.cron;

import dev.plumb.api.bindings.spi.InputBindingComponent;
import dev.plumb.testkit.TestClock;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.TestScheduler;
import dev.plumb.testkit.bindings.BindingsConformanceKit;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Dapr's conformance configuration for cron: {@code read}, on {@code @every 1s}. */
class CronBindingConformanceTest extends BindingsConformanceKit {
  private final TestScheduler scheduler = new TestScheduler(TestClock.start());

  @Override
  protected AutoCloseable createComponent() throws Exception {
    return new TestComponentContext("cron", "bindings.cron", Map.of("schedule", "@every 1s"))
        .withScheduler(scheduler)
        .createComponent(InputBindingComponent.class);
  }

  @Override
  protected Set<String> expectedOperations() {
    return Set.of();
  }

  @Override
  protected void produceEvent(AutoCloseable component) {
    scheduler.advance(Duration.ofSeconds(1));
  }
}
