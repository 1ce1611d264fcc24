package dev.plumb.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.InvalidRequestException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestMetadataTest {

  @ParameterizedTest
  @CsvSource({
    "ttlInSeconds, 10, PT10S",
    "TTLINSECONDS, 10, PT10S",
    "ttl, 90s, PT1M30S",
    "ttl, 1m30s, PT1M30S",
    "ttl, 15, PT15S",
    "ttl, -5s, PT0S",
    "ttl, 0, PT0S",
    "Ttl, 500ms, PT0.5S"
  })
  void readsTtlLikeContrib(String key, String value, String expected) {
    assertThat(RequestMetadata.ttl(Map.of(key, value))).contains(Duration.parse(expected));
  }

  @Test
  void ttlKeyIsCheckedBeforeTtlInSeconds() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("ttlInSeconds", "100");
    m.put("ttl", "5s");
    assertThat(RequestMetadata.ttl(m)).contains(Duration.ofSeconds(5));
  }

  @Test
  void absentOrEmptyTtlIsNone() {
    assertThat(RequestMetadata.ttl(Map.of())).isEmpty();
    assertThat(RequestMetadata.ttl(Map.of("ttlInSeconds", ""))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "abc", "10x", "99999999999999999999"})
  void rejectsTtlThatIsNeitherDurationNorPositiveInteger(String value) {
    assertThatThrownBy(() -> RequestMetadata.ttl(Map.of("ttlInSeconds", value)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "TRUE", "t", "yes", "Y", "on", "1", " true "})
  void truthyRawPayload(String value) {
    assertThat(RequestMetadata.rawPayload(Map.of("rawPayload", value))).isTrue();
    assertThat(RequestMetadata.rawPayload(Map.of("RAWPAYLOAD", value))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "0", "no", "nope", ""})
  void falsyRawPayload(String value) {
    assertThat(RequestMetadata.rawPayload(Map.of("rawPayload", value))).isFalse();
  }

  @Test
  void missingRawPayloadIsFalseAndNullIsNotTruthy() {
    assertThat(RequestMetadata.rawPayload(Map.of())).isFalse();
    assertThat(DaprValues.isTruthy(null)).isFalse();
  }

  @Test
  void getFindsFirstPresentNameIgnoringCase() {
    Map<String, String> m = Map.of("ContentType", "text/plain", "b", "2");
    assertThat(RequestMetadata.get(m, "contenttype")).contains("text/plain");
    assertThat(RequestMetadata.get(m, "a", "B")).contains("2");
    assertThat(RequestMetadata.get(m, "a")).isEmpty();
  }
}
