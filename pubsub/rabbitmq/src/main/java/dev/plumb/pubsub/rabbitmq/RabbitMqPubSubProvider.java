package dev.plumb.pubsub.rabbitmq;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.plumb.api.pubsub.spi.PubSubComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.common.rabbitmq.RabbitMqConnections;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code pubsub.rabbitmq} provider (version {@code v1}), with the metadata names and defaults
 * of Dapr's code: {@code connectionString} (or the deprecated {@code host}, or {@code protocol},
 * {@code hostname}, {@code username}, {@code password}; {@code amqp://localhost} by default),
 * {@code consumerID}, {@code durable} (true), {@code deletedWhenUnused} (true), {@code
 * exchangeKind} (fanout), {@code prefetchCount} (0: the subscription's in-flight limit), {@code
 * deliveryMode} (0), {@code requeueInFailure} (false), {@code enableDeadLetter} (false), {@code
 * ttlInSeconds}, {@code maxLen}, {@code maxLenBytes}, {@code publisherConfirm} (<b>true</b> in
 * Plumb), {@code reconnectWaitSeconds} (or {@code reconnectWait}; 3 s), {@code heartBeat} (10 s),
 * {@code clientName}, {@code publishMessagePropertiesToMetadata} and the TLS fields {@code caCert},
 * {@code clientCert}, {@code clientKey}, {@code saslExternal}. See {@code
 * docs/components/pubsub-rabbitmq.md}.
 *
 * <p>Stateless and thread-safe; discovered through {@link java.util.ServiceLoader}.
 */
public final class RabbitMqPubSubProvider implements ComponentProvider<PubSubComponent> {
  private static final Set<String> KINDS = Set.of("fanout", "topic", "direct", "headers");

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public RabbitMqPubSubProvider() {}

  @Override
  public String type() {
    return "pubsub.rabbitmq";
  }

  @Override
  public Class<PubSubComponent> componentClass() {
    return PubSubComponent.class;
  }

  /**
   * Reads the metadata and connects; exchanges and queues are declared on publish and subscribe.
   *
   * @param context the component's name, metadata and runtime services
   * @return the component
   * @throws dev.plumb.api.ConfigurationException if the metadata is invalid
   * @throws Exception if the broker cannot be reached
   */
  @Override
  public PubSubComponent create(ComponentContext context) throws Exception {
    ComponentMetadata md = context.metadata();
    Settings s = settings(md);
    ConnectionFactory factory = null;
    try {
      factory =
          RabbitMqConnections.factory(
              s.uri,
              new RabbitMqConnections.Tls(
                  md.getString("caCert").orElse(null),
                  md.getString("clientCert").orElse(null),
                  md.getString("clientKey").orElse(null),
                  md.getBoolean("saslExternal", false)),
              s.reconnectWait);
    } catch (IllegalArgumentException e) {
      md.addProblem("connection: " + e.getMessage());
    }
    Duration heartbeat = md.getDuration("heartBeat", ChronoUnit.SECONDS, Duration.ofSeconds(10));
    String clientName = md.getString("clientName", "plumb-" + context.name());
    md.validate();
    factory.setRequestedHeartbeat((int) Math.max(1, heartbeat.toSeconds()));
    Connection connection = factory.newConnection(clientName);
    return new RabbitMqPubSubComponent(context, connection, s);
  }

  /** What the component needs from its metadata. Immutable. */
  record Settings(
      String uri,
      String consumerId,
      boolean durable,
      boolean autoDelete,
      String exchangeKind,
      int prefetchCount,
      int deliveryMode,
      boolean requeueInFailure,
      boolean enableDeadLetter,
      Duration ttl,
      long maxLen,
      long maxLenBytes,
      boolean publisherConfirm,
      Duration reconnectWait,
      boolean propertiesToMetadata) {
    @Override
    public String toString() {
      // The URI may carry a password.
      return "Settings[consumerID=" + consumerId + ", exchangeKind=" + exchangeKind + "]";
    }
  }

  static Settings settings(ComponentMetadata md) {
    String uri = uri(md);
    String consumerId = md.getString("consumerID", "");
    boolean durable = md.getBoolean("durable", true);
    boolean autoDelete = md.getBoolean("deletedWhenUnused", true);
    String kind = md.getString("exchangeKind", "fanout").toLowerCase(Locale.ROOT);
    if (!KINDS.contains(kind)) {
      md.addProblem(
          "metadata 'exchangeKind': expected fanout, topic, direct or headers, got '" + kind + "'");
    }
    int prefetch = md.getInt("prefetchCount", 0);
    if (prefetch < 0 || prefetch > 65535) {
      md.addProblem("metadata 'prefetchCount': expected 0 to 65535, got " + prefetch);
    }
    int deliveryMode = md.getInt("deliveryMode", 0);
    if (deliveryMode < 0 || deliveryMode > 2) {
      md.addProblem(
          "metadata 'deliveryMode': expected 0 or 1 (transient) or 2 (persistent), got "
              + deliveryMode);
    }
    if (md.getBoolean("autoAck", false)) {
      md.addProblem(
          "metadata 'autoAck': true is not supported: Plumb acknowledges a message only after it"
              + " was processed (remove it or set it to false)");
    }
    Duration ttl = md.getDuration("ttlInSeconds", ChronoUnit.SECONDS, null);
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      md.addProblem("metadata 'ttlInSeconds': expected a positive number of seconds");
    }
    long maxLen = md.getLong("maxLen", 0);
    long maxLenBytes = md.getLong("maxLenBytes", 0);
    if (maxLen < 0 || maxLenBytes < 0) {
      md.addProblem("metadata 'maxLen' and 'maxLenBytes' must not be negative");
    }
    Duration wait =
        md.getDuration(
            "reconnectWaitSeconds",
            ChronoUnit.SECONDS,
            md.getDuration("reconnectWait", ChronoUnit.SECONDS, Duration.ofSeconds(3)));
    if (wait.isNegative()) {
      md.addProblem("metadata 'reconnectWaitSeconds' must not be negative");
    }
    return new Settings(
        uri,
        consumerId,
        durable,
        autoDelete,
        kind,
        prefetch,
        deliveryMode,
        md.getBoolean("requeueInFailure", false),
        md.getBoolean("enableDeadLetter", false),
        ttl,
        maxLen,
        maxLenBytes,
        md.getBoolean("publisherConfirm", true),
        wait.isZero() ? Duration.ofMillis(100) : wait,
        md.getBoolean("publishMessagePropertiesToMetadata", false));
  }

  /** Dapr's order: connectionString, else host, else protocol://username:password@hostname. */
  private static String uri(ComponentMetadata md) {
    String conn = md.getString("connectionString", "");
    if (conn.isEmpty()) {
      conn = md.getString("host", "");
    }
    String protocol = md.getString("protocol", "");
    String hostname = md.getString("hostname", "");
    String username = md.getString("username", "");
    String password = md.getString("password", "");
    if (!conn.isEmpty()) {
      if (!protocol.isEmpty() && !conn.startsWith(protocol + ":")) {
        md.addProblem(
            "metadata 'protocol' ("
                + protocol
                + ") does not match the scheme of 'connectionString'");
      }
      return conn;
    }
    String scheme = protocol.isEmpty() ? "amqp" : protocol;
    if (!scheme.equals("amqp") && !scheme.equals("amqps")) {
      md.addProblem("metadata 'protocol': expected amqp or amqps, got '" + protocol + "'");
    }
    StringBuilder b = new StringBuilder(scheme).append("://");
    if (!username.isEmpty()) {
      b.append(enc(username));
      if (!password.isEmpty()) {
        b.append(':').append(enc(password));
      }
      b.append('@');
    }
    b.append(hostname.isEmpty() ? "localhost" : hostname);
    return b.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
