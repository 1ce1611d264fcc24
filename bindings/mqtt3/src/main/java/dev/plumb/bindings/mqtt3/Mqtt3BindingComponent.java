package dev.plumb.bindings.mqtt3;

import dev.plumb.api.Subscription;
import dev.plumb.api.UnsupportedFeatureException;
import dev.plumb.api.bindings.BindingEvent;
import dev.plumb.api.bindings.BindingResponse;
import dev.plumb.api.bindings.spi.InputOutputBindingComponent;
import dev.plumb.api.bindings.spi.InvokeRequest;
import dev.plumb.api.bindings.spi.ReadHandler;
import dev.plumb.api.spi.DaprValues;
import java.util.Map;
import java.util.Set;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One topic at QoS 1, as Dapr's MQTT binding uses it:
 *
 * <ul>
 *   <li>{@code create} publishes the data to the component's topic, or the request's {@code topic},
 *       retained if {@code retain} (component or request) says so;
 *   <li>reading subscribes with its own client ({@code <consumerID>-consumer}) and acknowledges a
 *       message only once its handler returned; a message whose handler threw stays unacknowledged,
 *       so the broker delivers it again when the session resumes, as in Dapr. The event's metadata
 *       is the message's {@code topic}.
 * </ul>
 *
 * <p>Paho calls the handler on its callback thread, one message at a time, and waits for the
 * outcome. Thread-safe.
 */
final class Mqtt3BindingComponent implements InputOutputBindingComponent {
  private static final Logger LOG = LoggerFactory.getLogger(Mqtt3BindingComponent.class);
  private static final int QOS = 1;

  private final String name;
  private final String server;
  private final String clientId;
  private final String topic;
  private final boolean retain;
  private final MqttConnectOptions options;
  private final MqttClient producer;

  Mqtt3BindingComponent(
      String name,
      String server,
      String clientId,
      String topic,
      boolean retain,
      MqttConnectOptions options,
      MqttClient producer) {
    this.name = name;
    this.server = server;
    this.clientId = clientId;
    this.topic = topic;
    this.retain = retain;
    this.options = options;
    this.producer = producer;
  }

  @Override
  public Set<String> operations() {
    return Set.of("create");
  }

  @Override
  public void ping() throws MqttException {
    if (!producer.isConnected()) {
      throw new MqttException(MqttException.REASON_CODE_CLIENT_NOT_CONNECTED);
    }
  }

  @Override
  public BindingResponse invoke(InvokeRequest request) throws MqttException {
    if (!request.operation().equals("create")) {
      throw new UnsupportedFeatureException(
          "operation '" + request.operation() + "' is not supported");
    }
    String to = request.metadata("topic").orElse(topic);
    boolean keep = request.metadata("retain").map(DaprValues::isTruthy).orElse(retain);
    MqttMessage message = new MqttMessage(request.data());
    message.setQos(QOS);
    message.setRetained(keep);
    producer.publish(to, message);
    return BindingResponse.EMPTY;
  }

  @Override
  public Subscription read(ReadHandler handler) throws MqttException {
    MqttClient consumer = new MqttClient(server, clientId + "-consumer", new MemoryPersistence());
    consumer.setManualAcks(true);
    consumer.connect(options);
    try {
      // MqttClient's subscribe returns once the broker acknowledged it.
      consumer.subscribe(
          topic,
          QOS,
          (from, message) -> {
            try {
              handler.handle(new BindingEvent(message.getPayload(), Map.of("topic", from), null));
              consumer.messageArrivedComplete(message.getId(), message.getQos());
            } catch (Exception e) {
              LOG.debug(
                  "mqtt3 binding '{}': leaving a message unacknowledged: {}", name, e.toString());
            }
          });
    } catch (MqttException | RuntimeException e) {
      closeQuietly(consumer);
      throw e;
    }
    return () -> {
      try {
        if (consumer.isConnected()) {
          consumer.unsubscribe(topic);
        }
      } catch (MqttException e) {
        LOG.debug("mqtt3 binding '{}': unsubscribing: {}", name, e.toString());
      }
      closeQuietly(consumer);
    };
  }

  private void closeQuietly(MqttClient client) {
    try {
      if (client.isConnected()) {
        client.disconnect();
      }
      client.close();
    } catch (MqttException e) {
      LOG.debug("mqtt3 binding '{}': closing a client: {}", name, e.toString());
    }
  }

  @Override
  public void close() {
    closeQuietly(producer);
  }

  @Override
  public String toString() {
    return "Mqtt3Binding[" + name + ", topic=" + topic + "]";
  }
}
