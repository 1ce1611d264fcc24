package dev.plumb.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "1h30m, PT1H30M",
    "2.5s, PT2.5S",
    "500ms, PT0.5S",
    "10us, PT0.00001S",
    "10\u00b5s, PT0.00001S",
    "10\u03bcs, PT0.00001S",
    "7ns, PT0.000000007S",
    "-1s, PT-1S",
    "+5s, PT5S",
    "0, PT0S",
    "-0, PT0S",
    "PT5S, PT5S",
    "-PT5S, PT-5S",
    "10, PT10S",
    "+10, PT10S",
    "-10, PT-10S",
    "1m30s, PT1M30S",
    ".5s, PT0.5S",
    "1h0m0.25s, PT1H0.25S",
    "'  90s  ', PT1M30S"
  })
  void parsesDaprSpellings(String text, String expected) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"abc", "5x", "1h 2m", "", "  ", "-", "1h2", "s", "1H", "x1s", "1.5", "P", "PTxS"})
  void rejectsNonDurations(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"3000000h", "99999999999999999999s"})
  void rejectsGoDurationsBeyondInt64NanosAsIllegalArgument(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999"})
  void rejectsPlainSecondsBeyondLong(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
