package dev.plumb.pubsub.mqtt3;

import dev.plumb.api.Subscription;
import dev.plumb.api.pubsub.spi.Acknowledgement;
import dev.plumb.api.pubsub.spi.MessageHandler;
import dev.plumb.api.pubsub.spi.PubSubMessage;
import dev.plumb.api.pubsub.spi.SubscribeRequest;
import dev.plumb.api.spi.DaprValues;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * One topic filter on the component's subscribing client.
 *
 * <ul>
 *   <li>At most the runtime's in-flight limit of messages are handed over unsettled; the rest wait
 *       in a local backlog (the broker itself sends no more than its in-flight window, 20 by
 *       default in Mosquitto, before it gets acknowledgements).
 *   <li>The runtime's acknowledgement is the MQTT acknowledgement (PUBACK at QoS 1, PUBCOMP at QoS
 *       2), sent only then; QoS 0 messages have none.
 *   <li>MQTT 3 has no negative acknowledgement: a message the runtime did not process is handed to
 *       it again after the redelivery delay, still unacknowledged, so that the broker hands it back
 *       if the process goes away meanwhile.
 *   <li>Closing stops handing over; unacknowledged messages come back from the broker when a client
 *       with the same id reconnects (persistent session), as in Dapr.
 * </ul>
 *
 * <p>Metadata of a delivered message: {@code retained} ({@code true} for a retained message sent on
 * subscribing), as Dapr sets it. Thread-safe.
 */
final class Mqtt3Subscription implements Subscription {
  private static final Pattern SHARED = Pattern.compile("^\\$share/[^/]+/(.+)$");

  private final Mqtt3PubSubComponent component;
  private final SubscribeRequest request;
  private final MessageHandler handler;
  private final String matchFilter;
  private final boolean unsubscribeOnClose;
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Delivery> backlog = new ArrayDeque<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private int inFlight;
  private long slotConnection = -1;

  Mqtt3Subscription(
      Mqtt3PubSubComponent component, SubscribeRequest request, MessageHandler handler) {
    this.component = component;
    this.request = request;
    this.handler = handler;
    Matcher m = SHARED.matcher(request.topic());
    this.matchFilter = m.matches() ? m.group(1) : request.topic();
    this.unsubscribeOnClose =
        DaprValues.isTruthy(request.metadata().getOrDefault("unsubscribeOnClose", ""));
  }

  /** The filter as subscribed, {@code $share/<group>/} prefix included. */
  String filter() {
    return request.topic();
  }

  /** The filter that arriving topics are matched against. */
  String matchFilter() {
    return matchFilter;
  }

  /** Called on Paho's callback thread: hands over or queues. Never blocks on I/O. */
  void offer(String topic, MqttMessage message, MqttClient client, long connection) {
    if (closed.get()) {
      return;
    }
    PubSubMessage m =
        new PubSubMessage(
            topic,
            message.getPayload(),
            Map.of("retained", Boolean.toString(message.isRetained())),
            null);
    Delivery d = new Delivery(m, message, client, connection);
    lock.lock();
    try {
      if (connection != slotConnection) {
        // A new connection: what was handed over before is revoked and comes back from the
        // broker, so it no longer takes a slot.
        slotConnection = connection;
        inFlight = 0;
        backlog.clear();
      }
      if (inFlight >= request.maxInFlight()) {
        backlog.add(d);
        return;
      }
      inFlight++;
    } finally {
      lock.unlock();
    }
    handler.handle(m, d);
  }

  private void settled(long connection) {
    Delivery next;
    lock.lock();
    try {
      if (connection != slotConnection) {
        return;
      }
      inFlight--;
      next = backlog.poll();
      if (next != null) {
        inFlight++;
      }
    } finally {
      lock.unlock();
    }
    if (next != null && !closed.get()) {
      handler.handle(next.message, next);
    }
  }

  /** Settles one message. */
  private final class Delivery implements Acknowledgement {
    private final PubSubMessage message;
    private final MqttMessage mqtt;
    private final MqttClient client;
    private final long connection;
    private final AtomicBoolean settled = new AtomicBoolean();

    Delivery(PubSubMessage message, MqttMessage mqtt, MqttClient client, long connection) {
      this.message = message;
      this.mqtt = mqtt;
      this.client = client;
      this.connection = connection;
    }

    @Override
    public void ack() {
      if (settled.compareAndSet(false, true) && !closed.get()) {
        component.acknowledge(client, mqtt, connection);
        settled(connection);
      }
    }

    @Override
    public void nack(Duration redeliveryDelay) {
      if (!settled.compareAndSet(false, true) || closed.get()) {
        return;
      }
      // Still unacknowledged at the broker; the slot stays taken until the runtime is done.
      Delivery again = new Delivery(message, mqtt, client, connection);
      component
          .scheduler()
          .schedule(
              redeliveryDelay,
              () -> {
                if (!closed.get() && !again.revoked()) {
                  handler.handle(message, again);
                }
              });
    }

    @Override
    public boolean revoked() {
      return closed.get() || component.connection() != connection;
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      lock.lock();
      try {
        backlog.clear();
      } finally {
        lock.unlock();
      }
      component.closed(this, unsubscribeOnClose);
    }
  }

  @Override
  public String toString() {
    return "Mqtt3Subscription[" + request.topic() + "]";
  }
}
