package dev.plumb.pubsub.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.Subscription;
import dev.plumb.api.pubsub.PubSubFeature;
import dev.plumb.api.pubsub.spi.MessageHandler;
import dev.plumb.api.pubsub.spi.PubSubComponent;
import dev.plumb.api.pubsub.spi.PublishRequest;
import dev.plumb.api.pubsub.spi.SubscribeRequest;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.RequestMetadata;
import dev.plumb.api.spi.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pubsub.rabbitmq}, laid out as Dapr lays it out: a topic is an exchange of {@code
 * exchangeKind} named after it; a publish goes to that exchange with the request's {@code
 * routingKey}, and, with {@code publisherConfirm} (Plumb's default), returns only once the broker
 * confirmed it (a negative or missing confirm is an error, where Dapr only logs it). Each
 * subscription consumes the queue {@code <consumerID>-<topic>} (or the subscription's {@code
 * queueName}), bound to the exchange with each of the subscription's {@code routingKey}s; see
 * {@link RabbitMqSubscription} for acknowledgement, redelivery and dead-lettering.
 *
 * <p>One connection per component, recovered by the client after a broker restart together with its
 * channels, consumers, exchanges, queues and bindings. Publishing channels are pooled: a channel
 * publishes for one caller at a time. Thread-safe; starts no threads beyond the client's.
 */
final class RabbitMqPubSubComponent implements PubSubComponent {
  private static final Logger LOG = LoggerFactory.getLogger(RabbitMqPubSubComponent.class);
  static final String ROUTING_KEY = "routingKey";
  static final String PRIORITY = "priority";
  private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private final Connection connection;
  private final RabbitMqPubSubProvider.Settings settings;
  private final Scheduler scheduler;
  private final ConcurrentLinkedDeque<Channel> publishers = new ConcurrentLinkedDeque<>();
  private final Set<String> declared = ConcurrentHashMap.newKeySet();
  private final Set<RabbitMqSubscription> subscriptions = ConcurrentHashMap.newKeySet();
  private final AtomicLong recoveries = new AtomicLong();
  private volatile boolean closed;

  RabbitMqPubSubComponent(
      ComponentContext context, Connection connection, RabbitMqPubSubProvider.Settings settings) {
    this.name = context.name();
    this.connection = connection;
    this.settings = settings;
    this.scheduler = context.scheduler();
    if (connection instanceof Recoverable r) {
      r.addRecoveryListener(
          new RecoveryListener() {
            @Override
            public void handleRecovery(Recoverable recoverable) {
              LOG.info("pub/sub '{}': reconnected to RabbitMQ", name);
            }

            @Override
            public void handleRecoveryStarted(Recoverable recoverable) {
              // Deliveries handed over before this point come back from the broker: the runtime
              // must not process them any more (see RabbitMqSubscription#revoked).
              recoveries.incrementAndGet();
            }
          });
    }
  }

  @Override
  public Set<PubSubFeature> features() {
    return Set.of(PubSubFeature.MESSAGE_TTL);
  }

  @Override
  public void ping() throws IOException {
    if (!connection.isOpen()) {
      throw new IOException("the connection to RabbitMQ is closed (reconnecting)");
    }
  }

  @Override
  public void publish(PublishRequest request) throws IOException, TimeoutException {
    checkOpen();
    Map<String, String> md = request.metadata();
    AMQP.BasicProperties props = properties(request);
    String routingKey = RequestMetadata.get(md, ROUTING_KEY).orElse("");
    try {
      publishOnce(request, routingKey, props);
    } catch (IOException | RuntimeException e) {
      // The exchange may have been auto-deleted ('deletedWhenUnused') since it was declared: the
      // broker refuses with 404 and closes the channel. Declare it again and publish once more.
      declared.remove(request.topic());
      if (!notFound(e)) {
        throw e;
      }
      publishOnce(request, routingKey, props);
    }
  }

  private static boolean notFound(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ShutdownSignalException sse
          && sse.getReason() instanceof AMQP.Channel.Close close
          && close.getReplyCode() == AMQP.NOT_FOUND) {
        return true;
      }
    }
    return false;
  }

  private void publishOnce(PublishRequest request, String routingKey, AMQP.BasicProperties props)
      throws IOException, TimeoutException {
    Channel ch = publisher();
    boolean keep = false;
    try {
      declareExchange(ch, request.topic());
      ch.basicPublish(request.topic(), routingKey, false, props, request.data());
      if (settings.publisherConfirm()) {
        // Closes the channel on a negative or missing confirm.
        ch.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
      }
      keep = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the broker's confirm", e);
    } finally {
      if (keep && ch.isOpen() && !closed) {
        publishers.push(ch);
      } else {
        closeQuietly(ch);
      }
    }
  }

  private AMQP.BasicProperties properties(PublishRequest request) {
    Map<String, String> md = request.metadata();
    AMQP.BasicProperties.Builder b = new AMQP.BasicProperties.Builder();
    String contentType =
        request.contentType() != null
            ? request.contentType()
            : RequestMetadata.get(md, RequestMetadata.CONTENT_TYPE).orElse("text/plain");
    b.contentType(contentType);
    if (settings.deliveryMode() > 0) {
      b.deliveryMode(settings.deliveryMode());
    }
    Optional<Duration> ttl = RequestMetadata.ttl(md);
    Duration expiry = ttl.orElse(settings.ttl());
    if (expiry != null) {
      b.expiration(Long.toString(expiry.toMillis()));
    }
    Optional<String> priority = RequestMetadata.get(md, PRIORITY);
    if (priority.isPresent()) {
      b.priority(priority(priority.get()));
    }
    RequestMetadata.get(md, "messageID").ifPresent(b::messageId);
    RequestMetadata.get(md, "correlationID").ifPresent(b::correlationId);
    RequestMetadata.get(md, "type").ifPresent(b::type);
    if (!md.isEmpty()) {
      b.headers(new HashMap<>(md));
    }
    return b.build();
  }

  private static int priority(String value) {
    try {
      int p = Integer.parseInt(value.trim());
      if (p >= 0 && p <= 255) {
        return p;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new InvalidRequestException(
        "publish: request metadata 'priority' must be an integer from 0 to 255, got '"
            + value
            + "'");
  }

  private Channel publisher() throws IOException {
    Channel ch;
    while ((ch = publishers.poll()) != null) {
      if (ch.isOpen()) {
        return ch;
      }
    }
    ch = connection.createChannel();
    if (settings.publisherConfirm()) {
      ch.confirmSelect();
    }
    return ch;
  }

  /** Declares the topic's exchange once per component; the client re-declares it on recovery. */
  void declareExchange(Channel ch, String topic) throws IOException {
    if (declared.contains(topic)) {
      return;
    }
    ch.exchangeDeclare(
        topic, settings.exchangeKind(), settings.durable(), settings.autoDelete(), null);
    declared.add(topic);
  }

  @Override
  public Subscription subscribe(SubscribeRequest request, MessageHandler handler)
      throws IOException {
    checkOpen();
    String queue = request.metadata().getOrDefault("queueName", "");
    if (queue.isEmpty()) {
      if (settings.consumerId().isEmpty()) {
        throw new IllegalStateException(
            "pub/sub '"
                + name
                + "': subscribing needs metadata 'consumerID' (the runtime sets it to the app id"
                + " when the app has one) or subscription metadata 'queueName'");
      }
      queue = settings.consumerId() + "-" + request.topic();
    }
    RabbitMqSubscription s =
        new RabbitMqSubscription(this, request, queue, handler, subscriptions::remove);
    subscriptions.add(s);
    try {
      s.start();
    } catch (IOException | RuntimeException e) {
      subscriptions.remove(s);
      s.close();
      throw e;
    }
    return s;
  }

  Connection connection() {
    return connection;
  }

  RabbitMqPubSubProvider.Settings settings() {
    return settings;
  }

  Scheduler scheduler() {
    return scheduler;
  }

  String name() {
    return name;
  }

  long recoveries() {
    return recoveries.get();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("component is closed");
    }
  }

  private void closeQuietly(Channel ch) {
    try {
      if (ch.isOpen()) {
        ch.close();
      }
    } catch (IOException | TimeoutException | RuntimeException e) {
      LOG.debug("pub/sub '{}': closing a channel: {}", name, e.toString());
    }
  }

  @Override
  public void close() {
    closed = true;
    for (RabbitMqSubscription s : List.copyOf(subscriptions)) {
      s.close();
    }
    Channel ch;
    while ((ch = publishers.poll()) != null) {
      closeQuietly(ch);
    }
    try {
      connection.close((int) Duration.ofSeconds(5).toMillis());
    } catch (IOException | RuntimeException e) {
      LOG.warn("pub/sub '{}': closing the connection failed: {}", name, e.toString());
    }
  }

  @Override
  public String toString() {
    return "RabbitMqPubSub[" + name + ", consumerID=" + settings.consumerId() + "]";
  }
}
