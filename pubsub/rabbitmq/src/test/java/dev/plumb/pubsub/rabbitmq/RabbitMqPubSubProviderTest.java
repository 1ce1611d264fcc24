package dev.plumb.pubsub.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.pubsub.spi.PubSubComponent;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.testkit.TestComponentContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RabbitMqPubSubProviderTest {

  private static void refuses(Map<String, String> md, String... fragments) {
    try (TestComponentContext c = new TestComponentContext("bad", "pubsub.rabbitmq", md)) {
      assertThatThrownBy(() -> c.createComponent(PubSubComponent.class))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContainingAll(fragments)
          .hasMessageNotContaining("s3cret");
    }
  }

  @Test
  void badMetadataIsRefusedBeforeConnectingNamingTheField() {
    refuses(Map.of("exchangeKind", "weird"), "exchangeKind", "weird");
    refuses(Map.of("deliveryMode", "3"), "deliveryMode");
    refuses(Map.of("autoAck", "true"), "autoAck");
    refuses(Map.of("prefetchCount", "-1"), "prefetchCount");
    refuses(Map.of("connectionString", "http://u:s3cret@h"), "amqp://");
    refuses(Map.of("protocol", "amqps", "connectionString", "amqp://u:s3cret@h"), "protocol");
    refuses(Map.of("caCert", "x", "connectionString", "amqp://h"), "amqps://");
  }

  @Test
  void defaultsFollowDaprsCodeExceptConfirms() {
    RabbitMqPubSubProvider.Settings s =
        RabbitMqPubSubProvider.settings(ComponentMetadata.of("c", Map.of()));
    assertThat(s.uri()).isEqualTo("amqp://localhost");
    assertThat(s.durable()).isTrue();
    assertThat(s.autoDelete()).isTrue();
    assertThat(s.exchangeKind()).isEqualTo("fanout");
    assertThat(s.requeueInFailure()).isFalse();
    assertThat(s.publisherConfirm()).isTrue();
    assertThat(s.reconnectWait()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void separateFieldsBuildTheAddressAndSecondsAreBareNumbers() {
    RabbitMqPubSubProvider.Settings s =
        RabbitMqPubSubProvider.settings(
            ComponentMetadata.of(
                "c",
                Map.of(
                    "protocol", "amqps",
                    "hostname", "mq.example:5671",
                    "username", "app",
                    "password", "p@ss word",
                    "reconnectWaitSeconds", "7",
                    "ttlInSeconds", "30")));
    assertThat(s.uri()).isEqualTo("amqps://app:p%40ss%20word@mq.example:5671");
    assertThat(s.reconnectWait()).isEqualTo(Duration.ofSeconds(7));
    assertThat(s.ttl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.toString()).doesNotContain("p%40ss");
  }
}
