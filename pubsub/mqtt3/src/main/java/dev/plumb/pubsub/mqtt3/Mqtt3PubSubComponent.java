package dev.plumb.pubsub.mqtt3;

import dev.plumb.api.Subscription;
import dev.plumb.api.pubsub.PubSubFeature;
import dev.plumb.api.pubsub.spi.MessageHandler;
import dev.plumb.api.pubsub.spi.PubSubComponent;
import dev.plumb.api.pubsub.spi.PublishRequest;
import dev.plumb.api.pubsub.spi.SubscribeRequest;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.DaprValues;
import dev.plumb.api.spi.RequestMetadata;
import dev.plumb.api.spi.Scheduler;
import dev.plumb.common.mqtt.MqttAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttTopic;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pubsub.mqtt3}: a publish is one MQTT message at {@code qos}, retained if {@code retain}
 * (the component's, or the request's {@code retain}), and returns once the broker acknowledged it
 * (PUBACK at QoS 1, PUBCOMP at QoS 2; at QoS 0 once it was written). Subscriptions share one client
 * whose id is {@code consumerID}: a persistent session unless {@code cleanSession}, so that the
 * broker keeps QoS 1 and 2 messages for it while it is away and hands back what it did not
 * acknowledge when it reconnects. It connects with the first subscription and disconnects when the
 * last one closes, so that a replica with the same id can take the session over. A topic written
 * {@code $share/<group>/<filter>} is a shared subscription: members of the group (each with its own
 * {@code consumerID}) compete for its messages. See {@link Mqtt3Subscription} for acknowledgement
 * and redelivery.
 *
 * <p>Thread-safe; starts no threads beyond Paho's. Paho calls back on its own thread, where no
 * blocking client call may be made: re-subscribing after a reconnection runs on the runtime's
 * blocking executor.
 */
final class Mqtt3PubSubComponent implements PubSubComponent {
  private static final Logger LOG = LoggerFactory.getLogger(Mqtt3PubSubComponent.class);

  private final String name;
  private final MqttAddress address;
  private final Mqtt3PubSubProvider.Settings settings;
  private final MqttClient publisher;
  private final Scheduler scheduler;
  private final Executor executor;
  private final List<Mqtt3Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private final ReentrantLock consumerLock = new ReentrantLock();
  private final AtomicLong connections = new AtomicLong();
  private volatile MqttClient consumer;
  private volatile boolean closed;

  Mqtt3PubSubComponent(
      ComponentContext context,
      MqttAddress address,
      Mqtt3PubSubProvider.Settings settings,
      MqttClient publisher) {
    this.name = context.name();
    this.address = address;
    this.settings = settings;
    this.publisher = publisher;
    this.scheduler = context.scheduler();
    this.executor = context.blockingExecutor();
  }

  @Override
  public Set<PubSubFeature> features() {
    return Set.of(PubSubFeature.SUBSCRIBE_WILDCARDS);
  }

  @Override
  public void ping() throws MqttException {
    if (!publisher.isConnected()) {
      throw new MqttException(MqttException.REASON_CODE_CLIENT_NOT_CONNECTED);
    }
  }

  @Override
  public void publish(PublishRequest request) throws MqttException {
    checkOpen();
    boolean retain =
        RequestMetadata.get(request.metadata(), "retain")
            .map(DaprValues::isTruthy)
            .orElse(settings.retain());
    MqttMessage m = new MqttMessage(request.data());
    m.setQos(settings.qos());
    m.setRetained(retain);
    // Blocks until the broker acknowledged the message (QoS 1 and 2).
    publisher.publish(request.topic(), m);
  }

  @Override
  public Subscription subscribe(SubscribeRequest request, MessageHandler handler)
      throws MqttException {
    checkOpen();
    if (settings.consumerId().isEmpty()) {
      throw new IllegalStateException(
          "pub/sub '"
              + name
              + "': subscribing needs metadata 'consumerID', the MQTT client id (the runtime sets"
              + " it to the app id when the app has one)");
    }
    Mqtt3Subscription s = new Mqtt3Subscription(this, request, handler);
    consumerLock.lock();
    try {
      // Registered before connecting: a resumed session delivers at once.
      subscriptions.add(s);
      try {
        consumer().subscribe(request.topic(), settings.qos());
      } catch (MqttException | RuntimeException e) {
        subscriptions.remove(s);
        disconnectIfUnused();
        throw e;
      }
    } finally {
      consumerLock.unlock();
    }
    return s;
  }

  /** Connects the subscribing client if needed. Holds {@link #consumerLock}. */
  private MqttClient consumer() throws MqttException {
    if (consumer != null) {
      return consumer;
    }
    MqttClient c = new MqttClient(address.server(), settings.consumerId(), new MemoryPersistence());
    c.setManualAcks(true);
    c.setCallback(new Router(c));
    MqttConnectOptions options = address.options(settings.cleanSession(), 2_000);
    c.connect(options);
    connections.incrementAndGet();
    consumer = c;
    return c;
  }

  /** Called when a subscription closes: unsubscribes, or disconnects with the last one. */
  void closed(Mqtt3Subscription s, boolean unsubscribe) {
    consumerLock.lock();
    try {
      subscriptions.remove(s);
      MqttClient c = consumer;
      if (c == null) {
        return;
      }
      // With other subscriptions left the client stays connected: messages of this filter would
      // then stay unacknowledged and hold up the others, so it unsubscribes. The last one
      // disconnects and keeps the session (unless asked otherwise), as Dapr does.
      if (c.isConnected() && (unsubscribe || !subscriptions.isEmpty() || settings.cleanSession())) {
        try {
          c.unsubscribe(s.filter());
        } catch (MqttException e) {
          LOG.debug("pub/sub '{}': unsubscribing: {}", name, e.toString());
        }
      }
      disconnectIfUnused();
    } finally {
      consumerLock.unlock();
    }
  }

  private void disconnectIfUnused() {
    if (subscriptions.isEmpty() && consumer != null) {
      MqttClient c = consumer;
      consumer = null;
      connections.incrementAndGet();
      closeQuietly(c);
    }
  }

  /** Acknowledges a message on the subscribing client, if it is still the connection it came on. */
  void acknowledge(MqttClient c, MqttMessage m, long connection) {
    if (connection != connections.get() || m.getQos() == 0) {
      return;
    }
    try {
      c.messageArrivedComplete(m.getId(), m.getQos());
    } catch (MqttException | RuntimeException e) {
      // The broker hands it back on the next connection: a duplicate, never a loss.
      LOG.debug("pub/sub '{}': acknowledging failed: {}", name, e.toString());
    }
  }

  long connection() {
    return connections.get();
  }

  Scheduler scheduler() {
    return scheduler;
  }

  String name() {
    return name;
  }

  /** Hands each arriving message to the first subscription whose filter matches its topic. */
  private final class Router implements MqttCallbackExtended {
    private final MqttClient client;

    Router(MqttClient client) {
      this.client = client;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      for (Mqtt3Subscription s : subscriptions) {
        if (MqttTopic.isMatched(s.matchFilter(), topic)) {
          s.offer(topic, message, client, connections.get());
          return;
        }
      }
      LOG.warn(
          "pub/sub '{}': a message for a topic no subscription matches; left unacknowledged", name);
    }

    @Override
    public void connectionLost(Throwable cause) {
      // What was handed over and not acknowledged comes back from the broker: revoke it.
      connections.incrementAndGet();
      LOG.info("pub/sub '{}': lost the connection to the MQTT broker, reconnecting", name);
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      if (!reconnect) {
        return;
      }
      // A clean session, or a broker that lost its state, has forgotten the subscriptions.
      executor.execute(
          () -> {
            consumerLock.lock();
            try {
              for (Mqtt3Subscription s : subscriptions) {
                if (client == consumer && client.isConnected()) {
                  client.subscribe(s.filter(), settings.qos());
                }
              }
            } catch (MqttException e) {
              LOG.warn("pub/sub '{}': re-subscribing failed: {}", name, e.toString());
            } finally {
              consumerLock.unlock();
            }
          });
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {}
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("component is closed");
    }
  }

  private void closeQuietly(MqttClient client) {
    try {
      if (client.isConnected()) {
        client.disconnect();
      }
      client.close();
    } catch (MqttException e) {
      LOG.debug("pub/sub '{}': closing a client: {}", name, e.toString());
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Mqtt3Subscription s : List.copyOf(subscriptions)) {
      s.close();
    }
    consumerLock.lock();
    try {
      if (consumer != null) {
        closeQuietly(consumer);
        consumer = null;
      }
    } finally {
      consumerLock.unlock();
    }
    closeQuietly(publisher);
  }

  @Override
  public String toString() {
    return "Mqtt3PubSub[" + name + ", consumerID=" + settings.consumerId() + "]";
  }
}
