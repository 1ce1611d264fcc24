package dev.plumb.pubsub.rabbitmq;

import dev.plumb.testkit.pubsub.BrokerRestartScenario;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Publishes 100,000 messages (durable queue, persistent messages, publisher confirms) while a
 * private RabbitMQ node is restarted once: after it returns, every message is delivered at least
 * once; duplicates are counted and printed.
 */
class BrokerRestartIT {
  @Test
  void everyMessageIsDeliveredAtLeastOnceAcrossARestart() throws Exception {
    try (PrivateRabbitMq broker = new PrivateRabbitMq()) {
      Map<String, String> md = new LinkedHashMap<>();
      md.put("connectionString", broker.url());
      md.put("deliveryMode", "2");
      md.put("durable", "true");
      md.put("deletedWhenUnused", "false");
      md.put("reconnectWaitSeconds", "1");
      BrokerRestartScenario.run(
          "pubsub.rabbitmq",
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
          100_000,
          Duration.ofMinutes(3));
    }
  }
}
