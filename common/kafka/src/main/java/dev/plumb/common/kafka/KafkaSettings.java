package dev.plumb.common.kafka;

import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.DaprValues;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * The connection metadata every Dapr Kafka component shares, read with Dapr's names and defaults
 * ({@code common/component/kafka/metadata.go} and {@code auth.go}) and turned into kafka-clients
 * properties: {@code brokers} (required), {@code clientID}, {@code authType} (required; the legacy
 * {@code authRequired} is mapped as Dapr maps it) with {@code none}, {@code password} ({@code
 * saslUsername}, {@code saslPassword}, {@code saslMechanism} {@code PLAINTEXT}, {@code SHA-256} or
 * {@code SHA-512}), {@code mtls} ({@code clientCert}, {@code clientKey} as PEM, the key PKCS#8) and
 * {@code certificate} ({@code caCert}); TLS is on except with {@code authType: none} or {@code
 * disableTls: true}, {@code caCert} adds a trusted CA, {@code skipVerify} skips the host name
 * check. {@code dialTimeout}, {@code readTimeout}, {@code heartbeatInterval} and {@code
 * sessionTimeout} map to the client's timeouts. {@code oidc}, {@code oidc_private_key_jwt} and
 * {@code awsiam} are refused as not supported.
 *
 * <p>Immutable. Secrets (the SASL password, the client key) never appear in {@link #toString()} or
 * in a problem message.
 */
public final class KafkaSettings {
  private final String brokers;
  private final String clientId;
  private final String authType;
  private final Duration dialTimeout;
  private final Duration readTimeout;
  private final Duration heartbeatInterval;
  private final Duration sessionTimeout;
  private final Properties security;

  private KafkaSettings(ComponentMetadata md) {
    this.brokers = md.requireString("brokers").replace(" ", "");
    this.clientId = md.getString("clientID", "");
    this.authType = authType(md);
    this.dialTimeout = md.getDuration("dialTimeout", Duration.ofSeconds(30));
    this.readTimeout = md.getDuration("readTimeout", Duration.ofSeconds(30));
    md.getDuration("writeTimeout", Duration.ofSeconds(30));
    md.getDuration("metadataTimeout", Duration.ZERO);
    this.heartbeatInterval = md.getDuration("heartbeatInterval", Duration.ofSeconds(3));
    this.sessionTimeout = md.getDuration("sessionTimeout", Duration.ofSeconds(10));
    // Sarama's protocol version and connection tuning: kafka-clients negotiates the version and
    // manages its connections itself.
    md.getString("version");
    md.getString("clientConnectionTopicMetadataRefreshInterval");
    md.getString("clientConnectionKeepAliveInterval");
    this.security = security(md, authType);
  }

  /**
   * Reads the shared Kafka fields; problems are recorded on {@code md} for the provider's {@link
   * ComponentMetadata#validate()}. Does not connect.
   *
   * @param md the component's metadata
   * @return the settings; only meaningful once {@code md.validate()} passed
   */
  public static KafkaSettings read(ComponentMetadata md) {
    return new KafkaSettings(md);
  }

  private static String authType(ComponentMetadata md) {
    String type = md.getString("authType", "").trim().toLowerCase(Locale.ROOT);
    if (type.isEmpty()) {
      String required = md.getString("authRequired", "");
      if (!required.isEmpty()) {
        // Dapr's upgrade of the legacy field: true means password if there is one, else mTLS.
        try {
          boolean on = DaprValues.parseBoolean(required);
          return !on ? "none" : md.getString("saslPassword", "").isEmpty() ? "mtls" : "password";
        } catch (IllegalArgumentException e) {
          md.addProblem("metadata 'authRequired': expected true or false, got '" + required + "'");
          return "none";
        }
      }
      md.addProblem("metadata 'authType' is required: none, password, mtls or certificate");
      return "none";
    }
    return type;
  }

  private static Properties security(ComponentMetadata md, String authType) {
    Properties p = new Properties();
    boolean disableTls = md.getBoolean("disableTls", false);
    boolean skipVerify = md.getBoolean("skipVerify", false);
    String caCert = md.getString("caCert", "");
    String clientCert = md.getString("clientCert", "");
    String clientKey = md.getString("clientKey", "");
    boolean tls = !disableTls && !authType.equals("none");
    switch (authType) {
      case "none":
        break;
      case "password":
        String user = md.getString("saslUsername", "");
        String password = md.getString("saslPassword", "");
        if (user.isEmpty()) {
          md.addProblem("metadata 'saslUsername' is required for authType 'password'");
        }
        if (password.isEmpty()) {
          md.addProblem("metadata 'saslPassword' is required for authType 'password'");
        }
        String mechanism = md.getString("saslMechanism", "PLAINTEXT").toUpperCase(Locale.ROOT);
        String javaMechanism;
        String module;
        switch (mechanism) {
          case "SHA-256":
            javaMechanism = "SCRAM-SHA-256";
            module = "org.apache.kafka.common.security.scram.ScramLoginModule";
            break;
          case "SHA-512":
            javaMechanism = "SCRAM-SHA-512";
            module = "org.apache.kafka.common.security.scram.ScramLoginModule";
            break;
          case "PLAINTEXT":
          case "PLAIN":
          case "":
            javaMechanism = "PLAIN";
            module = "org.apache.kafka.common.security.plain.PlainLoginModule";
            break;
          default:
            md.addProblem(
                "metadata 'saslMechanism': expected PLAINTEXT, SHA-256 or SHA-512, got '"
                    + mechanism
                    + "'");
            javaMechanism = "PLAIN";
            module = "org.apache.kafka.common.security.plain.PlainLoginModule";
        }
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, tls ? "SASL_SSL" : "SASL_PLAINTEXT");
        p.put(SaslConfigs.SASL_MECHANISM, javaMechanism);
        p.put(
            SaslConfigs.SASL_JAAS_CONFIG,
            module
                + " required username=\""
                + jaas(user)
                + "\" password=\""
                + jaas(password)
                + "\";");
        break;
      case "mtls":
        if (disableTls) {
          md.addProblem("metadata 'disableTls': mTLS authentication needs TLS");
        }
        if (clientCert.isEmpty() != clientKey.isEmpty()) {
          md.addProblem("metadata 'clientCert' and 'clientKey' must be given together");
        }
        if (!clientKey.isEmpty() && clientKey.contains("BEGIN RSA PRIVATE KEY")) {
          md.addProblem(
              "metadata 'clientKey': a PKCS#1 key (BEGIN RSA PRIVATE KEY); give it as PKCS#8"
                  + " (openssl pkcs8 -topk8 -nocrypt)");
        }
        if (!clientCert.isEmpty()) {
          p.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
          p.put(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, clientCert);
          p.put(SslConfigs.SSL_KEYSTORE_KEY_CONFIG, clientKey);
        }
        break;
      case "certificate":
        if (caCert.isEmpty()) {
          md.addProblem("metadata 'caCert' is required for authType 'certificate'");
        }
        break;
      case "oidc":
      case "oidc_private_key_jwt":
      case "awsiam":
        md.addProblem("metadata 'authType': '" + authType + "' is not supported by Plumb yet");
        break;
      default:
        md.addProblem(
            "metadata 'authType': expected none, password, mtls or certificate, got '"
                + authType
                + "'");
    }
    if (tls) {
      p.putIfAbsent(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
      if (!caCert.isEmpty()) {
        if (!caCert.contains("BEGIN CERTIFICATE")) {
          md.addProblem("metadata 'caCert': expected a PEM certificate");
        }
        p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        p.put(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, caCert);
      }
      if (skipVerify) {
        p.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, "");
      }
    }
    return p;
  }

  /** Escapes a value for a JAAS option in double quotes. */
  private static String jaas(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /**
   * Returns the properties every client of these settings needs: bootstrap servers, client id,
   * security and timeouts.
   *
   * @return a new, modifiable set of properties
   */
  public Properties clientProperties() {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, brokers);
    if (!clientId.isEmpty()) {
      p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    }
    p.put(
        CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG,
        Long.toString(Math.max(1, dialTimeout.toMillis())));
    p.put(
        CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG,
        Long.toString(Math.max(1, readTimeout.toMillis())));
    p.putAll(security);
    return p;
  }

  /**
   * Returns the group membership settings of consumers.
   *
   * @return {@code heartbeatInterval}
   */
  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  /**
   * Returns the group session timeout of consumers.
   *
   * @return {@code sessionTimeout}
   */
  public Duration sessionTimeout() {
    return sessionTimeout;
  }

  /**
   * Returns the authentication in use.
   *
   * @return {@code none}, {@code password}, {@code mtls} or {@code certificate}
   */
  public String authType() {
    return authType;
  }

  @Override
  public String toString() {
    return "KafkaSettings[brokers=" + brokers + ", authType=" + authType + "]";
  }
}
