package dev.plumb.runtime.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.DaprValues;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Durations and booleans as Dapr spells them: parsing any text gives a value within Go's range or
 * {@link IllegalArgumentException} (the documented refusal); a parsed duration prints in Go's form
 * and parses back to itself; the metadata view reports problems as {@code ConfigurationException}.
 */
class DaprValuesFuzzTest {
  private static final ChronoUnit[] UNITS = {
    ChronoUnit.NANOS, ChronoUnit.MILLIS, ChronoUnit.SECONDS, ChronoUnit.MINUTES, ChronoUnit.HOURS
  };

  @PlumbFuzzTest
  void durations(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    for (ChronoUnit unit : UNITS) {
      Fuzzing.check(
          () -> {
            Duration d = DaprValues.parseDuration(text, unit);
            assertThat(d.abs()).isLessThanOrEqualTo(DaprValues.MAX_DURATION);
            assertThat(DaprValues.parseDuration(DaprValues.formatDuration(d))).isEqualTo(d);
          },
          IllegalArgumentException.class);
    }
    Fuzzing.check(() -> DaprValues.parseBoolean(text), IllegalArgumentException.class);
    Fuzzing.check(
        () -> {
          ComponentMetadata m =
              ComponentMetadata.of("component 'fuzz'", Map.of("d", text, "b", text, "n", text));
          m.getDuration("d", Duration.ZERO);
          m.getBoolean("b", false);
          m.getInt("n", 0);
          m.validate();
        });
  }
}
