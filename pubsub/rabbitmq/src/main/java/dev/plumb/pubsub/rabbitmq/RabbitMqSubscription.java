package dev.plumb.pubsub.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.LongString;
import dev.plumb.api.Subscription;
import dev.plumb.api.pubsub.spi.Acknowledgement;
import dev.plumb.api.pubsub.spi.MessageHandler;
import dev.plumb.api.pubsub.spi.PubSubMessage;
import dev.plumb.api.pubsub.spi.SubscribeRequest;
import dev.plumb.api.spi.DaprValues;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription: its own channel consuming the group's queue with manual acknowledgement and a
 * prefetch of {@code prefetchCount} (capped at the runtime's in-flight limit, so the broker never
 * sends more unsettled messages than the runtime may hold).
 *
 * <ul>
 *   <li>The runtime's acknowledgement is a {@code basic.ack}: the message is gone from the queue.
 *   <li>A negative acknowledgement (the runtime's retries are exhausted and there is no dead-letter
 *       topic) is a {@code basic.nack}: with {@code enableDeadLetter} and without {@code
 *       requeueInFailure} the broker moves the message to the dead-letter exchange {@code
 *       dlx-<queue>} and its queue {@code dlq-<queue>}; otherwise it is requeued after the
 *       runtime's redelivery delay, never dropped (Dapr drops it without a dead-letter exchange).
 *   <li>Closing cancels the consumer and closes the channel: the broker requeues what the runtime
 *       did not settle, for the next member of the group.
 *   <li>After a connection loss the broker requeues every unsettled message; the client recovers
 *       the channel and the consumer, and deliveries handed over before the loss are revoked, so
 *       the runtime does not process them a second time.
 * </ul>
 *
 * <p>The client calls the consumer on its dispatch thread; handing over never blocks. Thread-safe.
 */
final class RabbitMqSubscription implements Subscription {
  private static final Logger LOG = LoggerFactory.getLogger(RabbitMqSubscription.class);

  private final RabbitMqPubSubComponent component;
  private final RabbitMqPubSubProvider.Settings settings;
  private final SubscribeRequest request;
  private final String queue;
  private final MessageHandler handler;
  private final Consumer<RabbitMqSubscription> onClose;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Channel channel;
  private volatile String tag;

  RabbitMqSubscription(
      RabbitMqPubSubComponent component,
      SubscribeRequest request,
      String queue,
      MessageHandler handler,
      Consumer<RabbitMqSubscription> onClose) {
    this.component = component;
    this.settings = component.settings();
    this.request = request;
    this.queue = queue;
    this.handler = handler;
    this.onClose = onClose;
  }

  /** Declares the exchange, the dead-letter pair, the queue and its bindings, then consumes. */
  void start() throws IOException {
    Channel ch = component.connection().createChannel();
    channel = ch;
    Map<String, String> md = request.metadata();
    String topic = request.topic();
    component.declareExchange(ch, topic);
    Map<String, Object> args = new HashMap<>();
    long maxLen = longArg(md, "maxLen", settings.maxLen());
    long maxLenBytes = longArg(md, "maxLenBytes", settings.maxLenBytes());
    if (settings.enableDeadLetter()) {
      String dlx = "dlx-" + queue;
      String dlq = "dlq-" + queue;
      ch.exchangeDeclare(dlx, "fanout", true, settings.autoDelete(), null);
      Map<String, Object> dlqArgs = new HashMap<>();
      dlqArgs.put("x-queue-mode", "lazy");
      putLimits(dlqArgs, settings.maxLen(), settings.maxLenBytes());
      ch.queueDeclare(dlq, true, false, settings.autoDelete(), dlqArgs);
      ch.queueBind(dlq, dlx, "");
      args.put("x-dead-letter-exchange", dlx);
    }
    putLimits(args, maxLen, maxLenBytes);
    String maxPriority = md.getOrDefault("maxPriority", "");
    if (!maxPriority.isEmpty()) {
      args.put("x-max-priority", (int) Math.min(255, longArg(md, "maxPriority", 0)));
    }
    String queueType = md.getOrDefault("queueType", "classic");
    if (!queueType.equals("classic") && !queueType.equals("quorum")) {
      throw new IllegalArgumentException(
          "pub/sub '"
              + component.name()
              + "': subscription to '"
              + topic
              + "': metadata 'queueType' must be classic or quorum, got '"
              + queueType
              + "'");
    }
    args.put("x-queue-type", queueType);
    if (DaprValues.isTruthy(md.getOrDefault("singleActiveConsumer", ""))) {
      args.put("x-single-active-consumer", true);
    }
    ch.queueDeclare(queue, settings.durable(), false, settings.autoDelete(), args);
    for (String key : md.getOrDefault(RabbitMqPubSubComponent.ROUTING_KEY, "").split(",", -1)) {
      ch.queueBind(queue, topic, key.trim());
    }
    int limit = request.maxInFlight();
    int prefetch = settings.prefetchCount() > 0 ? Math.min(settings.prefetchCount(), limit) : limit;
    ch.basicQos(Math.min(prefetch, 65535));
    tag =
        ch.basicConsume(
            queue,
            false,
            new DefaultConsumer(ch) {
              @Override
              public void handleDelivery(
                  String consumerTag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                deliver(ch, envelope, props, body);
              }

              @Override
              public void handleCancel(String consumerTag) {
                LOG.warn(
                    "pub/sub '{}': the broker cancelled the consumer of queue '{}' (deleted?)",
                    component.name(),
                    queue);
              }
            });
  }

  private static void putLimits(Map<String, Object> args, long maxLen, long maxLenBytes) {
    if (maxLen > 0) {
      args.put("x-max-length", maxLen);
    }
    if (maxLenBytes > 0) {
      args.put("x-max-length-bytes", maxLenBytes);
    }
  }

  private long longArg(Map<String, String> md, String key, long fallback) {
    String v = md.getOrDefault(key, "").trim();
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(v);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(
        "pub/sub '"
            + component.name()
            + "': subscription to '"
            + request.topic()
            + "': metadata '"
            + key
            + "' must be a non-negative integer, got '"
            + v
            + "'");
  }

  private void deliver(Channel ch, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
    if (closed.get()) {
      // Not settled: closing the channel gives it back.
      return;
    }
    Map<String, String> metadata = new HashMap<>();
    if (props.getHeaders() != null) {
      props
          .getHeaders()
          .forEach(
              (k, v) -> {
                if (v instanceof CharSequence || v instanceof LongString) {
                  metadata.put(k, v.toString());
                }
              });
    }
    if (settings.propertiesToMetadata()) {
      putIfSet(metadata, "metadata.messageid", props.getMessageId());
      putIfSet(metadata, "metadata.correlationid", props.getCorrelationId());
      putIfSet(metadata, "metadata.contenttype", props.getContentType());
      putIfSet(metadata, "metadata.type", props.getType());
      putIfSet(metadata, "metadata.expiration", props.getExpiration());
      if (props.getPriority() != null) {
        metadata.put("metadata.priority", props.getPriority().toString());
      }
    }
    PubSubMessage m = new PubSubMessage(request.topic(), body, metadata, props.getContentType());
    handler.handle(m, new Delivery(ch, envelope.getDeliveryTag(), component.recoveries()));
  }

  private static void putIfSet(Map<String, String> md, String key, String value) {
    if (value != null) {
      md.put(key, value);
    }
  }

  /** Settles one delivery on the channel it came from. */
  private final class Delivery implements Acknowledgement {
    private final Channel ch;
    private final long deliveryTag;
    private final long generation;
    private final AtomicBoolean settled = new AtomicBoolean();

    Delivery(Channel ch, long deliveryTag, long generation) {
      this.ch = ch;
      this.deliveryTag = deliveryTag;
      this.generation = generation;
    }

    @Override
    public void ack() {
      if (settled.compareAndSet(false, true) && !closed.get()) {
        try {
          ch.basicAck(deliveryTag, false);
        } catch (IOException | RuntimeException e) {
          // The broker requeues it: a duplicate, never a loss.
          LOG.debug("pub/sub '{}': acknowledging failed: {}", component.name(), e.toString());
        }
      }
    }

    @Override
    public void nack(Duration redeliveryDelay) {
      if (!settled.compareAndSet(false, true) || closed.get()) {
        return;
      }
      boolean deadLetter = settings.enableDeadLetter() && !settings.requeueInFailure();
      if (deadLetter || redeliveryDelay.isZero() || redeliveryDelay.isNegative()) {
        reject(!deadLetter);
      } else {
        // RabbitMQ requeues at once: hold the message (it still counts against the prefetch) for
        // the runtime's delay. If the channel closes meanwhile the broker requeues it anyway.
        component.scheduler().schedule(redeliveryDelay, () -> reject(true));
      }
    }

    private void reject(boolean requeue) {
      if (closed.get()) {
        return;
      }
      try {
        ch.basicNack(deliveryTag, false, requeue);
      } catch (IOException | RuntimeException e) {
        LOG.debug(
            "pub/sub '{}': negative acknowledgement failed: {}", component.name(), e.toString());
      }
    }

    @Override
    public boolean revoked() {
      return closed.get() || component.recoveries() != generation;
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Channel ch = channel;
    if (ch != null) {
      try {
        if (tag != null && ch.isOpen()) {
          ch.basicCancel(tag);
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("pub/sub '{}': cancelling a consumer: {}", component.name(), e.toString());
      }
      try {
        if (ch.isOpen()) {
          ch.close();
        }
      } catch (IOException | TimeoutException | RuntimeException e) {
        LOG.debug("pub/sub '{}': closing a channel: {}", component.name(), e.toString());
      }
    }
    onClose.accept(this);
  }

  @Override
  public String toString() {
    return "RabbitMqSubscription[" + request.topic() + ", queue=" + queue + "]";
  }
}
