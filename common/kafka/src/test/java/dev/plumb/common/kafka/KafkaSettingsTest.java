package dev.plumb.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.spi.ComponentMetadata;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

  private static Properties read(Map<String, String> values) {
    ComponentMetadata md = ComponentMetadata.of("component 'k' (pubsub.kafka)", values);
    KafkaSettings s = KafkaSettings.read(md);
    md.validate();
    return s.clientProperties();
  }

  @Test
  void noAuthIsPlaintext() {
    Properties p = read(Map.of("brokers", "a:9092, b:9092", "authType", "none"));
    assertThat(p.getProperty("bootstrap.servers")).isEqualTo("a:9092,b:9092");
    assertThat(p.getProperty("security.protocol")).isNull();
  }

  @Test
  void passwordIsSaslOverTlsUnlessTlsIsDisabled() {
    Map<String, String> md = new HashMap<>();
    md.put("brokers", "a:9092");
    md.put("authType", "password");
    md.put("saslUsername", "alice");
    md.put("saslPassword", "s\"cret");
    md.put("saslMechanism", "SHA-512");
    Properties p = read(md);
    assertThat(p.getProperty("security.protocol")).isEqualTo("SASL_SSL");
    assertThat(p.getProperty("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
    assertThat(p.getProperty("sasl.jaas.config"))
        .contains("ScramLoginModule")
        .contains("username=\"alice\"")
        .contains("password=\"s\\\"cret\"");
    md.put("disableTls", "true");
    md.remove("saslMechanism");
    Properties plain = read(md);
    assertThat(plain.getProperty("security.protocol")).isEqualTo("SASL_PLAINTEXT");
    assertThat(plain.getProperty("sasl.mechanism")).isEqualTo("PLAIN");
  }

  @Test
  void mtlsUsesPemKeyMaterialAndTheCaCert() {
    Properties p =
        read(
            Map.of(
                "brokers", "a:9093",
                "authType", "mtls",
                "clientCert", "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----",
                "clientKey", "-----BEGIN PRIVATE KEY-----\ny\n-----END PRIVATE KEY-----",
                "caCert", "-----BEGIN CERTIFICATE-----\nz\n-----END CERTIFICATE-----",
                "skipVerify", "true"));
    assertThat(p.getProperty("security.protocol")).isEqualTo("SSL");
    assertThat(p.getProperty("ssl.keystore.type")).isEqualTo("PEM");
    assertThat(p.getProperty("ssl.truststore.type")).isEqualTo("PEM");
    assertThat(p.getProperty("ssl.endpoint.identification.algorithm")).isEmpty();
  }

  @Test
  void legacyAuthRequiredMapsAsDaprDoes() {
    assertThat(
            read(Map.of("brokers", "a:1", "authRequired", "false"))
                .getProperty("security.protocol"))
        .isNull();
    assertThat(
            read(Map.of(
                    "brokers", "a:1",
                    "authRequired", "true",
                    "saslUsername", "u",
                    "saslPassword", "p"))
                .getProperty("security.protocol"))
        .isEqualTo("SASL_SSL");
  }

  @Test
  void problemsNameTheFieldsAndNeverTheSecret() {
    assertThatThrownBy(
            () ->
                read(
                    Map.of(
                        "authType", "password",
                        "saslPassword", "hunter2",
                        "saslMechanism", "MD5")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("brokers")
        .hasMessageContaining("saslUsername")
        .hasMessageContaining("saslMechanism")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> read(Map.of("brokers", "a:1", "authType", "awsiam")))
        .hasMessageContaining("not supported");
  }

  @Test
  void daprsPartitionerIsSaramasFnv1a() {
    // FNV-1a test vectors.
    assertThat(DaprPartitioner.fnv1a32(new byte[0])).isEqualTo(0x811c9dc5);
    assertThat(DaprPartitioner.fnv1a32("a".getBytes(StandardCharsets.UTF_8))).isEqualTo(0xe40c292c);
    assertThat(DaprPartitioner.fnv1a32("foobar".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(0xbf9cf968);
    // int32(0xe40c292c) % 3 is -1 in Go, and Sarama takes the absolute value.
    assertThat(DaprPartitioner.partition("a".getBytes(StandardCharsets.UTF_8), 3))
        .isEqualTo(Math.abs(0xe40c292c % 3));
    for (int n = 1; n < 50; n++) {
      assertThat(DaprPartitioner.partition(("key-" + n).getBytes(StandardCharsets.UTF_8), n))
          .isBetween(0, n - 1);
    }
  }
}
