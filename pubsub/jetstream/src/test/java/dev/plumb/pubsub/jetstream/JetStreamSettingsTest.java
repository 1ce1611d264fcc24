package dev.plumb.pubsub.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.spi.ComponentMetadata;
import io.nats.client.AuthHandler;
import io.nats.client.NKey;
import io.nats.client.Options;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JetStreamSettingsTest {

  private static JetStreamSettings read(Map<String, String> values) {
    Map<String, String> md = new HashMap<>(values);
    md.putIfAbsent("natsURL", "nats://127.0.0.1:4222");
    ComponentMetadata view = ComponentMetadata.of("component 'js'", md);
    JetStreamSettings s = JetStreamSettings.read(view);
    view.validate();
    return s;
  }

  @Test
  void defaultsFollowTheCodeNotTheYaml() {
    JetStreamSettings s = read(Map.of());
    assertThat(s.name).isEqualTo("dapr.io - pubsub.jetstream");
    assertThat(s.deliverPolicy).isEqualTo(JetStreamSettings.DeliverPolicy.ALL);
    assertThat(s.ackPolicy).isEqualTo(JetStreamSettings.AckPolicy.EXPLICIT);
    assertThat(s.parallel).isFalse();
    assertThat(s.flowControl).isFalse();
    assertThat(s.heartbeat).isEmpty();
    assertThat(s.ackWait).isEmpty();
  }

  @Test
  void consumerFieldsAreRead() {
    JetStreamSettings s =
        read(
            Map.of(
                "deliverPolicy", "sequence",
                "startSequence", "42",
                "ackWait", "10s",
                "maxDeliver", "5",
                "backOff", "1s, 2s,5s",
                "maxAckPending", "7",
                "flowControl", "true",
                "hearbeat", "3s",
                "queueGroupName", "workers",
                "concurrencyMode", "parallel"));
    assertThat(s.deliverPolicy).isEqualTo(JetStreamSettings.DeliverPolicy.SEQUENCE);
    assertThat(s.startSequence).isEqualTo(42);
    assertThat(s.ackWait).contains(Duration.ofSeconds(10));
    assertThat(s.maxDeliver).isEqualTo(5);
    assertThat(s.backOff)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5));
    assertThat(s.maxAckPending).isEqualTo(7);
    assertThat(s.flowControl).isTrue();
    assertThat(s.heartbeat).as("Dapr docs' spelling").contains(Duration.ofSeconds(3));
    assertThat(s.queueGroupName).contains("workers");
    assertThat(s.parallel).isTrue();
  }

  @Test
  void heartbeatWinsOverTheDocsSpellingAndConcurrencyIsAnAlias() {
    JetStreamSettings s =
        read(Map.of("heartbeat", "5s", "hearbeat", "9s", "concurrency", "parallel"));
    assertThat(s.heartbeat).contains(Duration.ofSeconds(5));
    assertThat(s.parallel).isTrue();
  }

  @Test
  void badValuesAreReportedTogetherNamingTheFields() {
    assertThatThrownBy(
            () ->
                read(
                    Map.of(
                        "deliverPolicy", "oldest",
                        "ackPolicy", "sometimes",
                        "concurrencyMode", "many",
                        "jwt", "eyJ...",
                        "flowControl", "true",
                        "maxDeliver", "2",
                        "backOff", "1s,2s")))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(
            e -> {
              List<String> p = ((ConfigurationException) e).problems();
              assertThat(String.join("\n", p))
                  .contains("'deliverPolicy'")
                  .contains("'ackPolicy'")
                  .contains("'concurrencyMode'")
                  .contains("'jwt' needs 'seedKey'")
                  .contains("'flowControl' needs 'heartbeat'")
                  .contains("'maxDeliver'")
                  .doesNotContain("eyJ");
            });
  }

  @Test
  void natsUrlIsRequiredAndClientCertificatesAreRefusedClearly() {
    ComponentMetadata view = ComponentMetadata.of("component 'js'", Map.of("tls_client_cert", "c"));
    JetStreamSettings.read(view);
    assertThatThrownBy(view::validate)
        .hasMessageContaining("natsURL")
        .hasMessageContaining("tls_client_cert");
  }

  @Test
  void toStringShowsNoCredential() {
    JetStreamSettings s =
        read(Map.of("natsURL", "nats://user:s3cret@host:4222", "token", "t0ken-value"));
    assertThat(s.toString()).doesNotContain("s3cret").doesNotContain("t0ken-value");
  }

  @Test
  void jwtAndSeedSignTheServersNonce() throws Exception {
    NKey user = NKey.createUser(new SecureRandom());
    String seed = new String(user.getSeed());
    JetStreamSettings s = read(Map.of("jwt", "header.payload.sig", "seedKey", seed));
    Options o = JetStreamPubSubProvider.options("js", s);
    AuthHandler auth = o.getAuthHandler();
    assertThat(auth).isNotNull();
    byte[] nonce = "nonce-123".getBytes(StandardCharsets.UTF_8);
    assertThat(user.verify(nonce, auth.sign(nonce))).isTrue();
    assertThat(new String(auth.getJWT())).isEqualTo("header.payload.sig");
  }

  @Test
  void aCloudEventIdBecomesTheMessageId() {
    assertThat(
            JetStreamPubSubComponent.cloudEventId(
                "{\"data\":{\"id\":\"inner\"},\"id\":\"e-1\"}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("e-1");
    assertThat(JetStreamPubSubComponent.cloudEventId("plain".getBytes(StandardCharsets.UTF_8)))
        .isNull();
    assertThat(JetStreamPubSubComponent.cloudEventId("{broken".getBytes(StandardCharsets.UTF_8)))
        .isNull();
    assertThat(JetStreamPubSubComponent.cloudEventId(new byte[0])).isNull();
  }

  @Test
  void namesAreValidForNatsAndDistinct() {
    assertThat(JetStreamPubSubComponent.Names.of("orders-1")).isEqualTo("orders-1");
    String dotted = JetStreamPubSubComponent.Names.of("orders.eu");
    assertThat(dotted).matches("[A-Za-z0-9_-]+").startsWith("orders_eu_");
    assertThat(dotted).isNotEqualTo(JetStreamPubSubComponent.Names.of("orders_eu"));
  }
}
