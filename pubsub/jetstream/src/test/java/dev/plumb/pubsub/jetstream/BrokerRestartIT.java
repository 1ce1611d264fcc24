package dev.plumb.pubsub.jetstream;

import dev.plumb.testkit.pubsub.BrokerRestartScenario;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Publishes 100,000 messages while a private {@code nats-server -js} (its own port and store
 * directory, never the shared server) is restarted once: after it returns, every message is
 * delivered at least once; duplicates are counted and printed.
 */
class BrokerRestartIT {
  @Test
  @Disabled(
      "Issue 12 open: after a restart of the server the push consumer sometimes stops delivering"
          + " (34,124 of 100,000 after two minutes in CI, no recovery within six minutes here); the"
          + " passing runs delivered everything. Re-enable with the provider fix.")
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
          // A subscription that missed the restart can wait for jnats' ping timeout (two missed
          // pings of
          // two minutes) before it reconnects and its push consumer resumes: seen once in three CI
          // runs.
          Duration.ofMinutes(6));
    }
  }
}
