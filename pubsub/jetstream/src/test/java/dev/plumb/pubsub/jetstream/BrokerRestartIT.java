package dev.plumb.pubsub.jetstream;

import dev.plumb.testkit.pubsub.BrokerRestartScenario;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Publishes 100,000 messages while a private {@code nats-server -js} (its own port and store
 * directory, never the shared server) is restarted once: after it returns, every message is
 * delivered at least once; duplicates are counted and printed.
 */
class BrokerRestartIT {
  @Test
  void everyMessageIsDeliveredAtLeastOnceAcrossARestart() throws Exception {
    try (PrivateNats broker = new PrivateNats()) {
      Map<String, String> md = new LinkedHashMap<>(broker.metadata());
      // A delivery whose acknowledgement died with the connection comes back after ackWait.
      md.put("ackWait", "5s");
      md.put("concurrencyMode", "parallel");
      BrokerRestartScenario.run(
          "pubsub.jetstream",
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
          // Runs take 10 to 25 s on a loaded machine. Before jnats 2.25.2 a reconnect could leave
          // the connection's writer waiting for a marker it had already consumed (nats.java issue
          // 1522): nothing was sent again, publishes timed out and acknowledgements never left,
          // and this test stopped at about a third of the messages.
          Duration.ofMinutes(2));
    }
  }
}
