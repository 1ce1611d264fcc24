package dev.plumb.bindings.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.plumb.api.bindings.spi.InputOutputBindingComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.common.rabbitmq.RabbitMqConnections;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code bindings.rabbitmq} provider (version {@code v1}), with Dapr's metadata: {@code host}
 * (required, an {@code amqp://} or {@code amqps://} URI with credentials), {@code queueName}
 * (required; declared at build), {@code durable}, {@code deleteWhenUnused}, {@code exclusive},
 * {@code prefetchCount} (0: no limit), {@code maxPriority}, {@code contentType} (of the published
 * messages, {@code text/plain} by default), {@code ttlInSeconds} (or {@code ttl}: the queue's
 * message TTL), {@code reconnectWaitInSeconds} (5 s) and the TLS fields {@code caCert}, {@code
 * clientCert}, {@code clientKey} and {@code externalSasl} (with an {@code amqps://} host, whose
 * certificate and host name are verified; connections are built by {@code plumb-common-rabbitmq}).
 * See {@code docs/components/bindings-rabbitmq.md}.
 *
 * <p>Stateless and thread-safe; discovered through {@link java.util.ServiceLoader}.
 */
public final class RabbitMqBindingProvider
    implements ComponentProvider<InputOutputBindingComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public RabbitMqBindingProvider() {}

  @Override
  public String type() {
    return "bindings.rabbitmq";
  }

  @Override
  public Class<InputOutputBindingComponent> componentClass() {
    return InputOutputBindingComponent.class;
  }

  /**
   * Reads the metadata, connects and declares the queue.
   *
   * @param context the component's name, metadata and runtime services
   * @return the binding
   * @throws dev.plumb.api.ConfigurationException if the metadata is invalid
   * @throws Exception if the broker cannot be reached or refuses the queue
   */
  @Override
  public InputOutputBindingComponent create(ComponentContext context) throws Exception {
    ComponentMetadata md = context.metadata();
    String host = md.requireString("host");
    String queue = md.requireString("queueName");
    boolean durable = md.getBoolean("durable", false);
    boolean autoDelete = md.getBoolean("deleteWhenUnused", false);
    boolean exclusive = md.getBoolean("exclusive", false);
    int prefetch = md.getInt("prefetchCount", 0);
    String contentType = md.getString("contentType", "text/plain");
    int maxPriority = md.getInt("maxPriority", -1);
    Duration reconnect = md.getDuration("reconnectWaitInSeconds", Duration.ofSeconds(5));
    Duration ttl =
        md.getString("ttl").isPresent()
            ? md.getDuration("ttl", null)
            : md.getDuration("ttlInSeconds", null);
    RabbitMqConnections.Tls tls =
        new RabbitMqConnections.Tls(
            md.getString("caCert").orElse(null),
            md.getString("clientCert").orElse(null),
            md.getString("clientKey").orElse(null),
            md.getBoolean("externalSasl", false));
    ConnectionFactory factory = null;
    if (!host.isEmpty()) {
      try {
        factory = RabbitMqConnections.factory(host, tls, reconnect);
      } catch (IllegalArgumentException e) {
        md.addProblem("metadata 'host': " + e.getMessage());
      }
    }
    md.validate();
    Map<String, Object> args = new HashMap<>();
    if (ttl != null) {
      args.put("x-message-ttl", ttl.toMillis());
    }
    if (maxPriority >= 0) {
      args.put("x-max-priority", Math.min(255, maxPriority));
    }
    Connection connection = factory.newConnection("plumb-" + context.name());
    try {
      Channel publisher = connection.createChannel();
      publisher.queueDeclare(queue, durable, exclusive, autoDelete, args);
      return new RabbitMqBindingComponent(
          context.name(), connection, publisher, queue, prefetch, contentType);
    } catch (Exception e) {
      connection.abort();
      throw e;
    }
  }
}
