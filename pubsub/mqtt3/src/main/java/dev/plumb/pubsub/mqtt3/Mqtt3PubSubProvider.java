package dev.plumb.pubsub.mqtt3;

import dev.plumb.api.pubsub.spi.PubSubComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.common.mqtt.MqttAddress;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The {@code pubsub.mqtt3} provider (version {@code v1}), with Dapr's metadata: {@code url}
 * (required; {@code tcp://}, {@code mqtt://}, {@code ssl://} or {@code mqtts://}, credentials in
 * its user info), {@code consumerID} (the client id of the subscribing session; the runtime sets it
 * to the app id), {@code qos} (1), {@code retain} (false) and {@code cleanSession} (false). The
 * publishing client connects at build; the subscribing one with the first subscription. See {@code
 * docs/components/pubsub-mqtt3.md}.
 *
 * <p>Stateless and thread-safe; discovered through {@link java.util.ServiceLoader}.
 */
public final class Mqtt3PubSubProvider implements ComponentProvider<PubSubComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public Mqtt3PubSubProvider() {}

  @Override
  public String type() {
    return "pubsub.mqtt3";
  }

  @Override
  public Class<PubSubComponent> componentClass() {
    return PubSubComponent.class;
  }

  /** What the component needs from its metadata. Immutable. */
  record Settings(String consumerId, int qos, boolean retain, boolean cleanSession) {}

  /**
   * Reads the metadata and connects the publishing client.
   *
   * @param context the component's name, metadata and runtime services
   * @return the component
   * @throws dev.plumb.api.ConfigurationException if the metadata is invalid
   * @throws org.eclipse.paho.client.mqttv3.MqttException if the broker cannot be reached
   */
  @Override
  public PubSubComponent create(ComponentContext context) throws Exception {
    ComponentMetadata md = context.metadata();
    String url = md.requireString("url");
    String consumerId = md.getString("consumerID", "");
    int qos = md.getInt("qos", 1);
    if (qos < 0 || qos > 2) {
      md.addProblem("metadata 'qos': expected 0, 1 or 2, got " + qos);
    }
    boolean retain = md.getBoolean("retain", false);
    boolean cleanSession = md.getBoolean("cleanSession", false);
    for (String tls : new String[] {"caCert", "clientCert", "clientKey"}) {
      if (md.has(tls)) {
        md.addProblem(
            "metadata '"
                + tls
                + "' is not supported yet: use an ssl:// or mqtts:// url, verified against the"
                + " JVM's trust store");
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
    // The publisher needs no session: a publish waits for the broker's acknowledgement. Its id is
    // its own, so that it never takes over the subscribing session of a replica.
    String publisherId =
        (consumerId.isEmpty() ? "plumb" : consumerId)
            + "-pub-"
            + UUID.randomUUID().toString().substring(0, 8);
    MqttConnectOptions options = address.options(true, 2_000);
    options.setMaxInflight(1_000);
    MqttClient publisher = new MqttClient(address.server(), publisherId, new MemoryPersistence());
    publisher.connect(options);
    return new Mqtt3PubSubComponent(
        context, address, new Settings(consumerId, qos, retain, cleanSession), publisher);
  }
}
