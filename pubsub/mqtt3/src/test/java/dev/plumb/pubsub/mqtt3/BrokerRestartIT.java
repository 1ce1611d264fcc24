package dev.plumb.pubsub.mqtt3;

import dev.plumb.testkit.pubsub.BrokerRestartScenario;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Publishes 100,000 messages at QoS 1 (persistent session) while a private Mosquitto is restarted
 * once: after it returns, every message is delivered at least once; duplicates are counted and
 * printed.
 */
class BrokerRestartIT {
  @Test
  void everyMessageIsDeliveredAtLeastOnceAcrossARestart() throws Exception {
    try (PrivateMosquitto broker = new PrivateMosquitto()) {
      Map<String, String> md = new LinkedHashMap<>();
      md.put("url", broker.url());
      md.put("qos", "1");
      md.put("cleanSession", "false");
      BrokerRestartScenario.run(
          "pubsub.mqtt3",
          md,
          new BrokerRestartScenario.Broker() {
            @Override
            public void stop() {
              broker.stop();
            }

            @Override
            public void start() throws Exception {
              broker.start();
            }

            @Override
            public boolean accepting() {
              return broker.accepting();
            }
          },
          Integer.getInteger("plumb.restart.messages", 100_000),
          Duration.ofMinutes(3));
    }
  }
}
