package dev.plumb.pubsub.aws.snssqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.spi.ComponentMetadata;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnsSqsSettingsTest {

  private static SnsSqsSettings read(Map<String, String> values) {
    Map<String, String> md = new HashMap<>(values);
    md.putIfAbsent("consumerID", "orders");
    ComponentMetadata view = ComponentMetadata.of("component 'snssqs'", md);
    SnsSqsSettings s = SnsSqsSettings.read(view);
    view.validate();
    return s;
  }

  @Test
  void defaultsAreContribs() {
    SnsSqsSettings s = read(Map.of());
    assertThat(s.visibilityTimeout).isEqualTo(10);
    assertThat(s.retryLimit).isEqualTo(10);
    assertThat(s.waitTimeSeconds).isEqualTo(2);
    assertThat(s.maxNumber).isEqualTo(10);
    assertThat(s.fifoMessageGroupId)
        .as("contrib defaults it to the consumer ID")
        .isEqualTo("orders");
    assertThat(s.parallel).isTrue();
    assertThat(s.deadLettersQueue).isEmpty();
  }

  @Test
  void contribsChecksAreMadeAndReportedTogether() {
    assertThatThrownBy(
            () ->
                read(
                    Map.of(
                        "messageVisibilityTimeout", "0",
                        "messageRetryLimit", "1",
                        "sqsDeadLettersQueueName", "dlq",
                        "disableDeleteOnRetryLimit", "true",
                        "messageMaxNumber", "11",
                        "concurrencyMode", "sometimes")))
        .hasMessageContaining("'messageVisibilityTimeout'")
        .hasMessageContaining("'messageRetryLimit'")
        .hasMessageContaining("'messageReceiveLimit'")
        .hasMessageContaining("'disableDeleteOnRetryLimit'")
        .hasMessageContaining("'messageMaxNumber'")
        .hasMessageContaining("'concurrencyMode'");
  }

  @Test
  void consumerIdIsRequired() {
    ComponentMetadata view = ComponentMetadata.of("component 'snssqs'", Map.of());
    SnsSqsSettings.read(view);
    assertThatThrownBy(view::validate).hasMessageContaining("consumerID");
  }

  @Test
  void namesFollowDaprsRule() {
    assertThat(SnsSqsSettings.awsName("orders.eu/new", false)).isEqualTo("orderseunew");
    assertThat(SnsSqsSettings.awsName("orders", true)).isEqualTo("orders.fifo");
    assertThat(SnsSqsSettings.awsName("orders.fifo", true)).isEqualTo("orders.fifo");
    assertThat(SnsSqsSettings.awsName("x".repeat(100), true)).hasSize(80).endsWith(".fifo");
    assertThat(SnsSqsSettings.awsName("y".repeat(100), false)).hasSize(80);
  }
}
