package dev.plumb.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DaprValuesTest {

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
    assertThat(DaprValues.parseDuration(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"abc", "5x", "1h 2m", "", "  ", "-", "1h2", "s", "1H", "x1s", "1.5", "P", "PTxS"})
  void rejectsNonDurations(String text) {
    assertThatThrownBy(() -> DaprValues.parseDuration(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"3000000h", "99999999999999999999s"})
  void rejectsGoDurationsBeyondInt64NanosAsIllegalArgument(String text) {
    assertThatThrownBy(() -> DaprValues.parseDuration(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "99999999999999999999",
        "9999999999999",
        "PT2562047788015215H",
        "-PT2562047788015215H"
      })
  void rejectsPlainSecondsBeyondLong(String text) {
    assertThatThrownBy(() -> DaprValues.parseDuration(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"100, PT0.1S", "-5, PT-0.005S", "2s, PT2S", "PT1S, PT1S"})
  void readsBareNumbersInTheFieldsUnit(String text, String expected) {
    assertThat(DaprValues.parseDuration(text, ChronoUnit.MILLIS))
        .isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-9223372036854775808ns",
        "-2562047h47m16.854775808s",
        "-PT2562047H47M16.854775808S"
      })
  void theRangeIsSymmetricSoEveryDurationPrints(String text) {
    assertThatThrownBy(() -> DaprValues.parseDuration(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("duration out of range");
    Duration shortest = DaprValues.parseDuration("-2562047h47m16.854775807s");
    assertThat(DaprValues.formatDuration(shortest)).isEqualTo("-2562047h47m16.854775807s");
  }

  @Test
  void outOfRangeMessageNamesTheLimit() {
    assertThatThrownBy(() -> DaprValues.parseDuration("PT2562047788015215H"))
        .hasMessage(
            "duration out of range: 'PT2562047788015215H' (the longest is 2562047h47m16.854775807s,"
                + " about 292 years)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "TRUE", "t", "T", "yes", "Y", "on", "1", " true "})
  void readsDaprsTruthySpellings(String text) {
    assertThat(DaprValues.isTruthy(text)).isTrue();
    assertThat(DaprValues.parseBoolean(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "False", "f", "no", "N", "off", "0"})
  void readsFalseSpellings(String text) {
    assertThat(DaprValues.isTruthy(text)).isFalse();
    assertThat(DaprValues.parseBoolean(text)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ture", "2", "enabled", ""})
  void rejectsWhatIsNeitherTrueNorFalse(String text) {
    assertThat(DaprValues.isTruthy(text)).isFalse();
    assertThatThrownBy(() -> DaprValues.parseBoolean(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "PT0S, 0s",
    "PT0.000000007S, 7ns",
    "PT0.0000015S, 1.5\u00b5s",
    "PT0.25S, 250ms",
    "PT1.5S, 1.5s",
    "PT1M30S, 1m30s",
    "PT2H, 2h0m0s",
    "PT-5S, -5s"
  })
  void formatsAsGoDoes(String iso, String go) {
    assertThat(DaprValues.formatDuration(Duration.parse(iso))).isEqualTo(go);
  }

  @Test
  void byteSizesReadAsKubernetesQuantities() {
    assertThat(DaprValues.parseByteSize("4096")).isEqualTo(4096);
    assertThat(DaprValues.parseByteSize("100Mi")).isEqualTo(100L << 20);
    assertThat(DaprValues.parseByteSize("10Ki")).isEqualTo(10240);
    assertThat(DaprValues.parseByteSize("1k")).isEqualTo(1000);
    assertThat(DaprValues.parseByteSize("1G")).isEqualTo(1_000_000_000L);
    assertThat(DaprValues.parseByteSize("1.5Ki")).isEqualTo(1536);
    assertThat(DaprValues.parseByteSize("0.1k")).isEqualTo(100);
    assertThat(DaprValues.parseByteSize("0.0001k")).isEqualTo(1);
    assertThat(DaprValues.parseByteSize("0")).isZero();
    assertThat(DaprValues.parseByteSize("-1")).isEqualTo(-1);
    for (String bad : new String[] {"", "10 MB", "1Mb", "abc", "100000Ei"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> DaprValues.parseByteSize(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void instantsFormatAsGosRfc3339Nano() {
    assertThat(DaprValues.formatRfc3339Nano(java.time.Instant.parse("2026-01-02T03:04:05Z")))
        .isEqualTo("2026-01-02T03:04:05Z");
    assertThat(DaprValues.formatRfc3339Nano(java.time.Instant.parse("2026-01-02T03:04:05.500Z")))
        .isEqualTo("2026-01-02T03:04:05.5Z");
    assertThat(
            DaprValues.formatRfc3339Nano(java.time.Instant.parse("2026-01-02T03:04:05.000000007Z")))
        .isEqualTo("2026-01-02T03:04:05.000000007Z");
    assertThat(DaprValues.formatRfc3339Nano(java.time.Instant.parse("0042-11-30T23:59:09.120Z")))
        .isEqualTo("0042-11-30T23:59:09.12Z");
    assertThat(
            DaprValues.formatRfc3339Nano(
                java.time.Instant.parse("+10000-01-01T00:00:00.123456789Z")))
        .isEqualTo("+10000-01-01T00:00:00.123456789Z");
  }
}
