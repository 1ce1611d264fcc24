package dev.plumb.bindings.mqtt3;

import dev.plumb.api.bindings.spi.InputOutputBindingComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.common.mqtt.MqttAddress;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The {@code bindings.mqtt3} provider (version {@code v1}), with Dapr's metadata: {@code url}
 * (required; {@code tcp://}, {@code mqtt://}, {@code ssl://} or {@code mqtts://}, credentials in
 * its user info), {@code topic} (required), {@code consumerID} (required: the client id, suffixed
 * {@code -producer} and {@code -consumer} as in Dapr), {@code retain} (false) and {@code
 * cleanSession} (false). The producer connects at build; the consumer when reading starts. See
 * {@code docs/components/bindings-mqtt3.md}.
 *
 * <p>Stateless and thread-safe; discovered through {@link java.util.ServiceLoader}.
 */
public final class Mqtt3BindingProvider implements ComponentProvider<InputOutputBindingComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public Mqtt3BindingProvider() {}

  @Override
  public String type() {
    return "bindings.mqtt3";
  }

  @Override
  public Class<InputOutputBindingComponent> componentClass() {
    return InputOutputBindingComponent.class;
  }

  /**
   * Reads the metadata and connects the producer.
   *
   * @param context the component's name, metadata and runtime services
   * @return the binding
   * @throws dev.plumb.api.ConfigurationException if the metadata is invalid
   * @throws org.eclipse.paho.client.mqttv3.MqttException if the broker cannot be reached
   */
  @Override
  public InputOutputBindingComponent create(ComponentContext context) throws Exception {
    ComponentMetadata md = context.metadata();
    String url = md.requireString("url");
    String topic = md.requireString("topic");
    String clientId = md.requireString("consumerID");
    boolean retain = md.getBoolean("retain", false);
    boolean cleanSession = md.getBoolean("cleanSession", false);
    for (String tls : new String[] {"caCert", "clientCert", "clientKey"}) {
      if (md.has(tls)) {
        md.addProblem(
            "metadata '"
                + tls
                + "' is not supported yet: use an ssl:// url, verified against the JVM's trust"
                + " store");
      }
    }
    MqttAddress address = null;
    if (!url.isEmpty()) {
      try {
        address = MqttAddress.parse(url);
      } catch (IllegalArgumentException e) {
        md.addProblem("metadata 'url' " + e.getMessage());
      }
    }
    md.validate();
    String server = address.server();
    // Paho's default longest wait between reconnection attempts is 128 s.
    MqttConnectOptions options = address.options(cleanSession, 10_000);
    MqttClient producer = new MqttClient(server, clientId + "-producer", new MemoryPersistence());
    producer.connect(options);
    return new Mqtt3BindingComponent(
        context.name(), server, clientId, topic, retain, options, producer);
  }
}
