package dev.plumb.bindings.mqtt3;

import dev.plumb.api.bindings.spi.InputOutputBindingComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import java.net.URI;
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
    MqttConnectOptions options = new MqttConnectOptions();
    String server = null;
    if (!url.isEmpty()) {
      try {
        URI u = URI.create(url);
        String scheme = u.getScheme() == null ? "" : u.getScheme();
        String paho =
            switch (scheme) {
              case "tcp", "mqtt" -> "tcp";
              case "ssl", "tls", "mqtts" -> "ssl";
              default -> null;
            };
        if (paho == null || u.getHost() == null) {
          md.addProblem("metadata 'url' must be tcp://, mqtt://, ssl:// or mqtts:// with a host");
        } else {
          server = paho + "://" + u.getHost() + ":" + (u.getPort() > 0 ? u.getPort() : 1883);
          if (u.getUserInfo() != null) {
            String[] user = u.getUserInfo().split(":", 2);
            options.setUserName(user[0]);
            if (user.length > 1) {
              options.setPassword(user[1].toCharArray());
            }
          }
        }
      } catch (IllegalArgumentException e) {
        md.addProblem("metadata 'url' is not a URL: " + e.getMessage());
      }
    }
    md.validate();
    options.setCleanSession(cleanSession);
    options.setAutomaticReconnect(true);
    options.setConnectionTimeout(10);
    MqttClient producer = new MqttClient(server, clientId + "-producer", new MemoryPersistence());
    producer.connect(options);
    return new Mqtt3BindingComponent(
        context.name(), server, clientId, topic, retain, options, producer);
  }
}
