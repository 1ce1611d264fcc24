package dev.plumb.bindings.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.Subscription;
import dev.plumb.api.UnsupportedFeatureException;
import dev.plumb.api.bindings.BindingEvent;
import dev.plumb.api.bindings.BindingResponse;
import dev.plumb.api.bindings.spi.InputOutputBindingComponent;
import dev.plumb.api.bindings.spi.InvokeRequest;
import dev.plumb.api.bindings.spi.ReadHandler;
import dev.plumb.api.spi.RequestMetadata;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One queue, as Dapr's RabbitMQ binding uses it:
 *
 * <ul>
 *   <li>{@code create} publishes the data to the queue (through the default exchange), persistent,
 *       with the request's {@code contentType}, or the component's, with every request metadata
 *       entry as a header, {@code ttlInSeconds}/{@code ttl} as the message's expiration, {@code
 *       priority}, and {@code messageID}, {@code correlationID} and {@code type} as the message's
 *       properties;
 *   <li>reading consumes the queue on its own channel with manual acknowledgement: a message whose
 *       handler returned is acknowledged, one whose handler threw is rejected and requeued, so the
 *       broker delivers it again, as in Dapr. Text headers become the event's metadata.
 * </ul>
 *
 * <p>The publishing channel is shared under a lock (a channel must not publish from two threads at
 * once); the client reconnects by itself after a broker restart. Thread-safe.
 */
final class RabbitMqBindingComponent implements InputOutputBindingComponent {
  private static final Logger LOG = LoggerFactory.getLogger(RabbitMqBindingComponent.class);

  private final String name;
  private final Connection connection;
  private final Channel publisher;
  private final String queue;
  private final int prefetch;
  private final String contentType;
  private final ReentrantLock publishing = new ReentrantLock();

  RabbitMqBindingComponent(
      String name,
      Connection connection,
      Channel publisher,
      String queue,
      int prefetch,
      String contentType) {
    this.name = name;
    this.contentType = contentType;
    this.connection = connection;
    this.publisher = publisher;
    this.queue = queue;
    this.prefetch = prefetch;
  }

  @Override
  public Set<String> operations() {
    return Set.of("create");
  }

  @Override
  public void ping() throws IOException {
    if (!connection.isOpen()) {
      throw new IOException("the connection to RabbitMQ is closed");
    }
  }

  @Override
  public BindingResponse invoke(InvokeRequest request) throws IOException {
    if (!request.operation().equals("create")) {
      throw new UnsupportedFeatureException(
          "operation '" + request.operation() + "' is not supported");
    }
    Map<String, String> md = request.metadata();
    AMQP.BasicProperties.Builder props =
        new AMQP.BasicProperties.Builder()
            .deliveryMode(2)
            .contentType(RequestMetadata.get(md, "contentType").orElse(contentType))
            .headers(new HashMap<>(md));
    RequestMetadata.ttl(md).ifPresent(d -> props.expiration(Long.toString(d.toMillis())));
    RequestMetadata.get(md, "priority").ifPresent(p -> props.priority(priority(request, p)));
    RequestMetadata.get(md, "messageID").ifPresent(props::messageId);
    RequestMetadata.get(md, "correlationID").ifPresent(props::correlationId);
    RequestMetadata.get(md, "type").ifPresent(props::type);
    publishing.lock();
    try {
      publisher.basicPublish("", queue, props.build(), request.data());
    } finally {
      publishing.unlock();
    }
    return BindingResponse.EMPTY;
  }

  private static int priority(InvokeRequest request, String value) {
    try {
      int p = Integer.parseInt(value.trim());
      if (p >= 0 && p <= 255) {
        return p;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new InvalidRequestException(
        "operation '"
            + request.operation()
            + "': request metadata 'priority' must be an integer from 0 to 255, got '"
            + value
            + "'");
  }

  @Override
  public Subscription read(ReadHandler handler) throws IOException {
    Channel channel = connection.createChannel();
    try {
      channel.basicQos(prefetch);
      String tag =
          channel.basicConsume(
              queue,
              false,
              new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(
                    String consumerTag,
                    Envelope envelope,
                    AMQP.BasicProperties properties,
                    byte[] body)
                    throws IOException {
                  deliver(handler, channel, envelope, properties, body);
                }
              });
      return () -> stop(channel, tag);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private void deliver(
      ReadHandler handler,
      Channel channel,
      Envelope envelope,
      AMQP.BasicProperties properties,
      byte[] body)
      throws IOException {
    Map<String, String> md = new HashMap<>();
    if (properties.getHeaders() != null) {
      properties
          .getHeaders()
          .forEach(
              (k, v) -> {
                if (v instanceof CharSequence || v instanceof com.rabbitmq.client.LongString) {
                  md.put(k, v.toString());
                }
              });
    }
    boolean handled;
    try {
      handler.handle(new BindingEvent(body, md, properties.getContentType()));
      handled = true;
    } catch (Exception e) {
      handled = false;
      LOG.debug("rabbitmq binding '{}': requeuing a message: {}", name, e.toString());
    }
    if (handled) {
      channel.basicAck(envelope.getDeliveryTag(), false);
    } else {
      channel.basicNack(envelope.getDeliveryTag(), false, true);
    }
  }

  private void stop(Channel channel, String tag) {
    try {
      if (channel.isOpen()) {
        channel.basicCancel(tag);
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("rabbitmq binding '{}': cancelling the consumer: {}", name, e.toString());
    }
    closeQuietly(channel);
  }

  private void closeQuietly(Channel channel) {
    try {
      if (channel.isOpen()) {
        channel.close();
      }
    } catch (IOException | TimeoutException | RuntimeException e) {
      LOG.debug("rabbitmq binding '{}': closing a channel: {}", name, e.toString());
    }
  }

  @Override
  public void close() {
    try {
      connection.close((int) Duration.ofSeconds(5).toMillis());
    } catch (IOException | RuntimeException e) {
      LOG.warn("rabbitmq binding '{}': closing the connection failed: {}", name, e.toString());
    }
  }

  @Override
  public String toString() {
    return "RabbitMqBinding[" + name + ", queue=" + queue + "]";
  }
}
