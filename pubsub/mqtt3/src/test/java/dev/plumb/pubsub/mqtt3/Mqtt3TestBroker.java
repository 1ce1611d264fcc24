package dev.plumb.pubsub.mqtt3;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;

/**
 * The shared test broker ({@code PLUMB_MQTT_URL}, {@code tcp://127.0.0.1:1883} by default). A
 * broker that is down fails the test, naming the address and the variable.
 */
final class Mqtt3TestBroker {
  static final String URL = System.getenv().getOrDefault("PLUMB_MQTT_URL", "tcp://127.0.0.1:1883");

  private Mqtt3TestBroker() {}

  static void check() {
    URI u = URI.create(URL);
    try (Socket s = new Socket(u.getHost(), u.getPort() > 0 ? u.getPort() : 1883)) {
      s.getOutputStream();
    } catch (IOException e) {
      throw new IllegalStateException(
          "the MQTT broker is not reachable at "
              + u.getHost()
              + ":"
              + u.getPort()
              + (System.getenv("PLUMB_MQTT_URL") == null
                  ? " (the default; PLUMB_MQTT_URL is not set)"
                  : " (from PLUMB_MQTT_URL)")
              + ": start Mosquitto, or point PLUMB_MQTT_URL at a running broker",
          e);
    }
  }
}
