package dev.plumb.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ComponentNotFoundException;
import dev.plumb.api.state.StateItem;
import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.TestClock;
import dev.plumb.testkit.TestScheduler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An engine module outside the runtime reaches what the runtime SPI promises. */
class EngineModuleTest {
  @TempDir Path dir;

  @Test
  void anEngineReachesInvokersTheSchedulerAndTheSubscriptionDocuments() throws Exception {
    Files.writeString(
        dir.resolve("subscription.yaml"),
        """
        apiVersion: dapr.io/v2alpha1
        kind: Subscription
        metadata:
          name: orders
        spec:
          pubsubname: pubsub
          topic: orders
          routes:
            default: /orders
        """);
    TestScheduler scheduler = new TestScheduler(TestClock.start());
    Probe probe;
    try (Plumb plumb =
        Plumb.builder()
            .appId("app")
            .scheduler(scheduler)
            .resources(dir)
            .component("statestore", "state.in-memory", Map.of("keyPrefix", "none"))
            .build()) {
      probe = plumb.engine(Probe.class);

      probe.write("statestore", "k", "\"v\"".getBytes(StandardCharsets.UTF_8));
      StateItem<String> item = plumb.stateStore("statestore").get("k", String.class);
      assertThat(item.value()).isEqualTo("v");

      assertThat(probe.subscribedTopics()).containsExactly("orders");

      scheduler.advance(Duration.ofMinutes(3));
      assertThat(probe.ticks())
          .containsExactly("2026-01-01T00:01:00Z", "2026-01-01T00:02:00Z", "2026-01-01T00:03:00Z");
      assertThat(probe.lifecycle()).containsExactly("created", "start");
    }
    assertThat(probe.lifecycle()).containsExactly("created", "start", "drain", "close");
    // The engine's timers died with it.
    scheduler.advance(Duration.ofMinutes(3));
    assertThat(probe.ticks()).hasSize(3);
  }

  @Test
  void aDeferredStartWaitsForTheApplication() {
    try (Plumb plumb = Plumb.builder().deferStart().build()) {
      Probe probe = plumb.engine(Probe.class);
      assertThat(probe.lifecycle()).containsExactly("created");
      plumb.start();
      assertThat(probe.lifecycle()).containsExactly("created", "start");
    }
  }

  @Test
  void anApiNoEngineServesIsReportedAsSuch() {
    try (Plumb plumb = Plumb.builder().build()) {
      assertThatThrownBy(() -> plumb.engine(Runnable.class))
          .isInstanceOf(ComponentNotFoundException.class)
          .hasMessage("no engine module on the class path serves java.lang.Runnable");
    }
  }
}
