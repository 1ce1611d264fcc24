package dev.plumb.bindings.mqtt3;

import dev.plumb.api.bindings.spi.InputOutputBindingComponent;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.bindings.BindingsConformanceKit;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;

/**
 * Dapr's conformance configuration for mqtt3 ({@code create}, {@code operations}, {@code read}) on
 * the test broker ({@code PLUMB_MQTT_URL}, {@code tcp://127.0.0.1:1883} by default).
 */
class Mqtt3BindingConformanceIT extends BindingsConformanceKit {
  static final String URL = System.getenv().getOrDefault("PLUMB_MQTT_URL", "tcp://127.0.0.1:1883");

  @BeforeAll
  static void broker() {
    URI u = URI.create(URL);
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(u.getHost(), u.getPort() > 0 ? u.getPort() : 1883), 2000);
    } catch (IOException e) {
      throw new IllegalStateException(
          "the MQTT broker is not reachable at "
              + URL
              + (System.getenv("PLUMB_MQTT_URL") == null
                  ? " (the default; PLUMB_MQTT_URL is not set)"
                  : " (from PLUMB_MQTT_URL)")
              + ": start it, or point PLUMB_MQTT_URL at a running broker",
          e);
    }
  }

  static Map<String, String> metadata() {
    String id = UUID.randomUUID().toString();
    return Map.of("url", URL, "topic", "plumb/it/" + id, "consumerID", "plumb-" + id);
  }

  @Override
  protected AutoCloseable createComponent() throws Exception {
    return new TestComponentContext("mqtt", "bindings.mqtt3", metadata())
        .createComponent(InputOutputBindingComponent.class);
  }

  @Override
  protected Set<String> expectedOperations() {
    return Set.of("create");
  }
}
