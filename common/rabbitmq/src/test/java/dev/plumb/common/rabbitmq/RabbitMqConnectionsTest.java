package dev.plumb.common.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.ConnectionFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RabbitMqConnectionsTest {
  private static final Duration WAIT = Duration.ofSeconds(3);

  @Test
  void anAmqpAddressGivesHostCredentialsAndRecovery() {
    ConnectionFactory f =
        RabbitMqConnections.factory(
            "amqp://user:s3cret@broker.example:5673/vh", RabbitMqConnections.Tls.NONE, WAIT);
    assertThat(f.getHost()).isEqualTo("broker.example");
    assertThat(f.getPort()).isEqualTo(5673);
    assertThat(f.getUsername()).isEqualTo("user");
    assertThat(f.getVirtualHost()).isEqualTo("vh");
    assertThat(f.isSSL()).isFalse();
    assertThat(f.isAutomaticRecoveryEnabled()).isTrue();
    assertThat(f.isTopologyRecoveryEnabled()).isTrue();
    assertThat(f.getNetworkRecoveryInterval()).isEqualTo(3000);
  }

  @Test
  void anAmqpsAddressUsesTls() {
    ConnectionFactory f =
        RabbitMqConnections.factory(
            "amqps://guest:guest@localhost", RabbitMqConnections.Tls.NONE, WAIT);
    assertThat(f.isSSL()).isTrue();
    assertThat(f.getPort()).isEqualTo(5671);
  }

  @Test
  void aBadAddressIsRefusedWithoutQuotingIt() {
    assertThatThrownBy(
            () ->
                RabbitMqConnections.factory(
                    "http://user:s3cret@host", RabbitMqConnections.Tls.NONE, WAIT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("amqp://")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void tlsFieldsNeedAnAmqpsAddressAndComeInPairs() {
    assertThatThrownBy(
            () ->
                RabbitMqConnections.factory(
                    "amqp://localhost",
                    new RabbitMqConnections.Tls("pem", null, null, false),
                    WAIT))
        .hasMessageContaining("amqps://");
    assertThatThrownBy(
            () ->
                RabbitMqConnections.factory(
                    "amqps://localhost",
                    new RabbitMqConnections.Tls(null, "cert", null, false),
                    WAIT))
        .hasMessageContaining("clientCert and clientKey");
    assertThatThrownBy(
            () ->
                RabbitMqConnections.factory(
                    "amqps://localhost", new RabbitMqConnections.Tls(null, null, null, true), WAIT))
        .hasMessageContaining("saslExternal");
  }

  @Test
  void unreadablePemNamesTheFieldAndHidesTheKey() {
    assertThatThrownBy(
            () ->
                RabbitMqConnections.factory(
                    "amqps://localhost",
                    new RabbitMqConnections.Tls("not a certificate", null, null, false),
                    WAIT))
        .hasMessageContaining("caCert");
    RabbitMqConnections.Tls tls = new RabbitMqConnections.Tls(null, "c", "SECRET-KEY", false);
    assertThat(tls.toString()).doesNotContain("SECRET-KEY");
  }

  private static String resource(String name) throws java.io.IOException {
    try (java.io.InputStream in = RabbitMqConnectionsTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
    }
  }

  @Test
  void pemCertificatesAndKeysGiveTlsWithSaslExternal() throws Exception {
    String cert = resource("test-cert.pem");
    String key = resource("test-key.pem");
    ConnectionFactory f =
        RabbitMqConnections.factory(
            "amqps://localhost:5671", new RabbitMqConnections.Tls(cert, cert, key, true), WAIT);
    assertThat(f.isSSL()).isTrue();
    assertThat(f.getSaslConfig()).isSameAs(com.rabbitmq.client.DefaultSaslConfig.EXTERNAL);
    assertThatThrownBy(
            () ->
                RabbitMqConnections.factory(
                    "amqps://localhost",
                    new RabbitMqConnections.Tls(
                        null, cert, "-----BEGIN RSA PRIVATE KEY-----", false),
                    WAIT))
        .hasMessageContaining("PKCS#8")
        .hasMessageNotContaining("BEGIN RSA");
  }
}
