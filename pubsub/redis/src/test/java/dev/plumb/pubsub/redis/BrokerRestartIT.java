package dev.plumb.pubsub.redis;

import dev.plumb.testkit.pubsub.BrokerRestartScenario;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Publishes 100,000 messages while the private redis-server is restarted once: after it returns,
 * every message is delivered at least once; duplicates are counted and printed.
 */
class BrokerRestartIT {
  @Test
  void everyMessageIsDeliveredAtLeastOnceAcrossARestart() throws Exception {
    try (PrivateRedis broker = new PrivateRedis()) {
      Map<String, String> md = new LinkedHashMap<>(broker.metadata());
      md.put("processingTimeout", "5s");
      md.put("redeliverInterval", "1s");
      md.put("dialTimeout", "200ms");
      md.put("readTimeout", "1s");
      BrokerRestartScenario.run(
          "pubsub.redis",
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
          },
          100_000,
          Duration.ofMinutes(2));
    }
  }
}
