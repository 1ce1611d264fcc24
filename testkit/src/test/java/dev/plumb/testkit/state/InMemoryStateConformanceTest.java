package dev.plumb.testkit.state;

import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.runtime.internal.memory.InMemoryStateProvider;
import dev.plumb.testkit.TestClock;
import dev.plumb.testkit.TestComponentContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** Runs the state conformance kit against {@code state.in-memory}, on a {@link TestClock}. */
class InMemoryStateConformanceTest extends StateConformanceKit {
  private final TestClock clock = TestClock.start();
  private final List<TestComponentContext> contexts = new ArrayList<>();

  @Override
  protected StateComponent createComponent() {
    TestComponentContext context =
        new TestComponentContext("statestore", "state.in-memory", Map.of()).withClock(clock);
    contexts.add(context);
    return new InMemoryStateProvider().create(context);
  }

  @Override
  protected void advanceTime(Duration duration) {
    clock.advance(duration);
  }

  @Override
  protected Instant now() {
    return clock.instant();
  }

  @AfterEach
  void closeContexts() {
    contexts.forEach(TestComponentContext::close);
  }
}
