package dev.plumb.configuration.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.Subscription;
import dev.plumb.api.configuration.ConfigurationItem;
import dev.plumb.api.configuration.spi.ConfigurationComponent;
import dev.plumb.api.configuration.spi.ConfigurationRequest;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.servers.PrivatePostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Restarts a private PostgreSQL cluster under a subscription: the listener reconnects and the same
 * subscription reports changes made after the restart.
 */
class PostgresqlListenerRestartIT {

  @Test
  void theSubscriptionSurvivesAServerRestart() throws Exception {
    try (PrivatePostgres server = new PrivatePostgres()) {
      PgConfig pg = new PgConfig(server.connectionString());
      pg.createTableAndDaprTrigger();
      List<Map<String, ConfigurationItem>> changes = new CopyOnWriteArrayList<>();
      try (ConfigurationComponent c =
          new TestComponentContext(
                  "cfg",
                  "configuration.postgresql",
                  Map.of(
                      "connectionString", pg.url,
                      "table", pg.table,
                      "notifyChannel", pg.channel,
                      "timeout", "2s"))
              .createComponent(ConfigurationComponent.class)) {
        Subscription s = c.subscribe(ConfigurationRequest.of("k"), changes::add);
        pg.insert("k", "before", "1", "{}");
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> changes.contains(Map.of("k", ConfigurationItem.of("before", "1"))));

        server.stop();
        server.start();

        // Writes until one is reported: the listener needs a moment to reconnect, and
        // notifications sent before it listens again are lost.
        int[] n = {0};
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  n[0]++;
                  pg.update("k", "after-" + n[0], "2", "{}");
                  return changes.stream().anyMatch(m -> m.get("k").value().startsWith("after-"));
                });
        assertThat(c.get(ConfigurationRequest.of("k")).get("k").value()).startsWith("after-");
        s.close();
      }
    }
  }
}
