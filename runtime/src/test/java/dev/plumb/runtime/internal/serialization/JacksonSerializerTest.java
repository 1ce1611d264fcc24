package dev.plumb.runtime.internal.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumb.api.SerializationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A value is never serialized to JSON that Jackson would refuse to read back. */
class JacksonSerializerTest {
  private final JacksonSerializer serializer = new JacksonSerializer();

  @Test
  void aStringLongerThanTheReadLimitIsRefusedNamingTheLimit() {
    String huge = "x".repeat(20_000_001);

    assertThatThrownBy(() -> serializer.serialize(huge))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("could not be read back: String value length (20000001) exceeds")
        .hasMessageContaining("StreamReadConstraints.getMaxStringLength()")
        .hasMessageContaining("Plumb.builder().objectMapper(...)");
    assertThatThrownBy(() -> serializer.serialize(Map.of("doc", List.of(huge))))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  void aNumberWithMoreDigitsThanTheReadLimitIsRefused() {
    BigInteger digits = new BigInteger("9".repeat(1_001));

    assertThatThrownBy(() -> serializer.serialize(digits))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("StreamReadConstraints.getMaxNumberLength()");
    assertThatThrownBy(() -> serializer.serialize(new BigDecimal("1." + "1".repeat(1_000))))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  void valuesAtTheLimitsRoundTrip() {
    String longest = "y".repeat(20_000_000);
    BigInteger digits = new BigInteger("9".repeat(1_000));

    String string = serializer.deserialize(serializer.serialize(longest), String.class);
    BigInteger number = serializer.deserialize(serializer.serialize(digits), BigInteger.class);

    assertThat(string).isEqualTo(longest);
    assertThat(number).isEqualTo(digits);
  }

  @Test
  void aMapperWithHigherLimitsStoresWhatItCanRead() {
    ObjectMapper mapper = JacksonSerializer.defaultMapper();
    mapper
        .getFactory()
        .setStreamReadConstraints(StreamReadConstraints.builder().maxNumberLength(5_000).build());
    JacksonSerializer raised = new JacksonSerializer(mapper);
    BigInteger digits = new BigInteger("9".repeat(2_000));

    BigInteger read = raised.deserialize(raised.serialize(digits), BigInteger.class);

    assertThat(read).isEqualTo(digits);
  }
}
