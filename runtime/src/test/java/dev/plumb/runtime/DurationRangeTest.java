package dev.plumb.runtime;

import static dev.plumb.runtime.TestFiles.component;
import static dev.plumb.runtime.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ComponentException;
import dev.plumb.api.ConfigurationException;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.state.StateFeature;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.StateStore;
import dev.plumb.api.state.spi.DeleteRequest;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every duration has Go's range, as in Dapr: up to 2562047h47m16.854775807s (about 292 years). The
 * longest works on every path, from the build to calls; a longer one is a {@link
 * ConfigurationException} naming the field, never an overflow later.
 */
class DurationRangeTest {
  private static final String LONGEST = "2562047h47m16.854775807s";
  private static final String[] TOO_LONG = {
    "99999999999", "PT2562047788015215H", "2562047h47m16.854775808s", "PT99999999999999999H"
  };

  @TempDir Path dir;

  private ConfigurationException buildFails(Plumb.Builder builder) {
    try {
      builder.build().close();
    } catch (ConfigurationException e) {
      return e;
    }
    throw new AssertionError("the build should have failed");
  }

  @Test
  void anInitTimeoutBeyondTheRangeNamesTheFieldAndTheRange() {
    for (String tooLong : TOO_LONG) {
      Path f =
          write(dir, "c.yaml", component("locks", "lock.in-memory", "initTimeout: " + tooLong));

      assertThat(buildFails(Plumb.builder().resources(f)).getMessage())
          .isEqualTo(
              "component 'locks' ("
                  + f
                  + ":1): field 'spec.initTimeout' ("
                  + f
                  + ":7): expected a positive duration of at most "
                  + LONGEST
                  + ", got '"
                  + tooLong
                  + "'");
    }
  }

  @Test
  void theLongestInitTimeoutStarts() {
    Path f = write(dir, "c.yaml", component("locks", "lock.in-memory", "initTimeout: " + LONGEST));

    try (Plumb plumb = Plumb.builder().resources(f).build()) {
      assertThat(plumb.lockStore("locks")).isNotNull();
    }
  }

  @Test
  void resiliencyDurationsBeyondTheRangeNameTheirFields() {
    write(
        dir,
        "resiliency.yaml",
        """
        apiVersion: dapr.io/v1alpha1
        kind: Resiliency
        metadata:
          name: r
        spec:
          policies:
            timeouts:
              t: PT2562047788015215H
            retries:
              r: {duration: 2562047h47m16.854775808s, maxInterval: 99999999999h}
            circuitBreakers:
              cb: {interval: 9223372036854775808, timeout: PT99999999999999999H}
        """);

    ConfigurationException e = buildFails(Plumb.builder().resources(dir));

    assertThat(e.problems())
        .hasSize(5)
        .allSatisfy(p -> assertThat(p).contains("expected a duration of at most " + LONGEST))
        .anySatisfy(p -> assertThat(p).contains("spec.policies.timeouts.t:"))
        .anySatisfy(p -> assertThat(p).contains("spec.policies.retries.r.duration:"))
        .anySatisfy(p -> assertThat(p).contains("spec.policies.retries.r.maxInterval:"))
        .anySatisfy(p -> assertThat(p).contains("spec.policies.circuitBreakers.cb.interval:"))
        .anySatisfy(p -> assertThat(p).contains("spec.policies.circuitBreakers.cb.timeout:"));
  }

  @Test
  void theLongestResiliencyDurationsWorkOnEveryCall() {
    write(
        dir,
        "resiliency.yaml",
        """
        apiVersion: dapr.io/v1alpha1
        kind: Resiliency
        metadata:
          name: r
        spec:
          policies:
            timeouts:
              t: %1$s
            retries:
              constant: {duration: %1$s, maxRetries: 0}
              exponential: {policy: exponential, maxInterval: %1$s, maxRetries: 0}
            circuitBreakers:
              cb: {interval: %1$s, timeout: %1$s, trip: consecutiveFailures > 0}
          targets:
            components:
              memory:
                outbound: {timeout: t, retry: constant, circuitBreaker: cb}
              failing:
                outbound: {timeout: t, retry: exponential, circuitBreaker: cb}
        """
            .formatted(LONGEST));

    try (Plumb plumb =
        Plumb.builder()
            .resources(dir)
            .component("memory", "state.in-memory", Map.of())
            .component("failing", "state.failing", Map.of())
            .provider(TestProviders.provider("state.failing", StateComponent.class, c -> FAILING))
            .build()) {
      StateStore memory = plumb.stateStore("memory");
      memory.save("k", "v");
      assertThat(memory.get("k", String.class)).extracting(StateItem::value).isEqualTo("v");

      StateStore failing = plumb.stateStore("failing");
      assertThatThrownBy(() -> failing.get("k", String.class))
          .isInstanceOf(ComponentException.class)
          .hasMessageContaining("get failed: down");
      assertThatThrownBy(() -> failing.get("k", String.class))
          .isInstanceOf(ComponentException.class)
          .hasMessageContaining("circuit breaker is open");
    }
  }

  @Test
  void metadataDurationsBeyondTheRangeNameTheRange() {
    ComponentMetadata m =
        ComponentMetadata.of("component 'c'", Map.of("timeout", "PT2562047788015215H"));

    m.getDuration("timeout", Duration.ZERO);

    assertThatThrownBy(m::validate)
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "component 'c': metadata 'timeout': expected a duration of at most "
                + LONGEST
                + ", got 'PT2562047788015215H'");
  }

  /** A store whose every read fails. */
  private static final StateComponent FAILING =
      new StateComponent() {
        @Override
        public Set<StateFeature> features() {
          return Set.of();
        }

        @Override
        public StateItem<byte[]> get(GetRequest request) throws IOException {
          throw new IOException("down");
        }

        @Override
        public void set(SetRequest request) {}

        @Override
        public void delete(DeleteRequest request) {}
      };
}
