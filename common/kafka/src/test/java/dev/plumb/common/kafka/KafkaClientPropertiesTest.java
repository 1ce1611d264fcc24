package dev.plumb.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.spi.ComponentMetadata;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaClientPropertiesTest {

  private static ComponentMetadata md(Map<String, String> extra) {
    Map<String, String> values = new HashMap<>(Map.of("brokers", "a:9092", "authType", "none"));
    values.putAll(extra);
    return ComponentMetadata.of("component 'k' (bindings.kafka)", values);
  }

  @Test
  void producerDefaultsAreDaprsSynchronousProducer() {
    ComponentMetadata md = md(Map.of());
    Properties p = KafkaClientProperties.producer(md, KafkaSettings.read(md));
    md.validate();
    assertThat(p.getProperty("acks")).isEqualTo("all");
    assertThat(p.getProperty("retries")).isEqualTo("5");
    assertThat(p.getProperty("compression.type")).isEqualTo("none");
    assertThat(p.getProperty("linger.ms")).isEqualTo("0");
    assertThat(p.getProperty("max.request.size")).isNull();
  }

  @Test
  void consumerGroupFallsBackToConsumerIdAndOffsetsAreCommittedByTheCaller() {
    ComponentMetadata md = md(Map.of("consumerID", "app-1", "initialOffset", "oldest"));
    Properties p = KafkaClientProperties.consumer(md, KafkaSettings.read(md));
    md.validate();
    assertThat(p.getProperty("group.id")).isEqualTo("app-1");
    assertThat(p.getProperty("auto.offset.reset")).isEqualTo("earliest");
    assertThat(p.getProperty("enable.auto.commit")).isEqualTo("false");
    assertThat(p.getProperty("partition.assignment.strategy")).endsWith("RangeAssignor");

    ComponentMetadata none = md(Map.of());
    assertThat(KafkaClientProperties.consumer(none, KafkaSettings.read(none)))
        .doesNotContainKey("group.id");
  }

  @Test
  void badValuesAreProblemsNamingTheField() {
    ComponentMetadata md =
        md(
            Map.of(
                "producerRequiredAcks", "most",
                "compression", "brotli",
                "initialOffset", "latest",
                "consumerGroupRebalanceStrategy", "random"));
    KafkaSettings s = KafkaSettings.read(md);
    KafkaClientProperties.producer(md, s);
    KafkaClientProperties.consumer(md, s);
    assertThatThrownBy(md::validate)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("metadata 'producerRequiredAcks': expected all, local or none")
        .hasMessageContaining("metadata 'compression': expected none, gzip, snappy, lz4 or zstd")
        .hasMessageContaining("metadata 'initialOffset': expected newest or oldest, got 'latest'")
        .hasMessageContaining("metadata 'consumerGroupRebalanceStrategy'");
  }
}
