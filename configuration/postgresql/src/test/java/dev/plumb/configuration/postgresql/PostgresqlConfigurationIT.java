package dev.plumb.configuration.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.Subscription;
import dev.plumb.api.configuration.ConfigurationItem;
import dev.plumb.api.configuration.ConfigurationStore;
import dev.plumb.api.configuration.ConfigurationUpdate;
import dev.plumb.api.configuration.spi.ConfigurationComponent;
import dev.plumb.api.configuration.spi.ConfigurationRequest;
import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.TestComponentContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code configuration.postgresql}: table checks, the opt-in helper, versions, bad input. */
class PostgresqlConfigurationIT {
  private final PgConfig pg = new PgConfig(PgConfig.URL);

  @AfterEach
  void drop() throws Exception {
    pg.drop();
    pg.exec(
        "DROP FUNCTION IF EXISTS configuration_event_"
            + pg.table
            + "_"
            + pg.channel
            + "() CASCADE");
  }

  private static ConfigurationComponent create(Map<String, String> md) throws Exception {
    return new TestComponentContext("cfg", "configuration.postgresql", md)
        .createComponent(ConfigurationComponent.class);
  }

  @Test
  void theTableMustExistUnlessTheHelperIsAskedFor() throws Exception {
    assertThatThrownBy(() -> create(Map.of("connectionString", pg.url, "table", pg.table)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("table '" + pg.table + "' does not exist")
        .hasMessageContaining("createTableAndTrigger: true");
    assertThatThrownBy(() -> create(Map.of("connectionString", pg.url, "table", "Bad-Name")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("metadata 'table': only lower-case letters");
    assertThatThrownBy(
            () ->
                create(
                    Map.of(
                        "connectionString", pg.url,
                        "table", pg.table,
                        "createTableAndTrigger", "true")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'createTableAndTrigger' needs 'notifyChannel'");

    // The helper makes table and trigger; changes then arrive through Plumb.
    try (Plumb plumb =
        Plumb.builder()
            .component(
                "appconfig",
                "configuration.postgresql",
                Map.of(
                    "connectionString", pg.url,
                    "table", pg.table,
                    "notifyChannel", pg.channel,
                    "createTableAndTrigger", "true"))
            .build()) {
      ConfigurationStore store = plumb.configurationStore("appconfig");
      List<ConfigurationUpdate> updates = new CopyOnWriteArrayList<>();
      Subscription sub = store.subscribe(List.of("feature.x"), updates::add);
      pg.insert("feature.x", "on", "1", "{\"owner\":\"ops\"}");
      pg.insert("other", "v", "1", null);
      await().atMost(Duration.ofSeconds(10)).until(() -> updates.size() == 1);
      assertThat(updates.get(0).items())
          .isEqualTo(Map.of("feature.x", new ConfigurationItem("on", "1", Map.of("owner", "ops"))));
      assertThat(store.get("other")).isEqualTo(Map.of("other", ConfigurationItem.of("v", "1")));
      sub.close();
    }
  }

  @Test
  void theHighestNumericVersionWins() throws Exception {
    pg.createTableAndDaprTrigger();
    pg.insert("k", "v2", "2", "{}");
    pg.insert("k", "v10", "10", "{}");
    pg.insert("k", "text", "1.0.0", "{}");
    pg.insert("j", "first", "x", "{}");
    pg.insert("j", "second", "y", "{}");
    try (ConfigurationComponent c = create(Map.of("connectionString", pg.url, "table", pg.table))) {
      Map<String, ConfigurationItem> items = c.get(ConfigurationRequest.of());
      assertThat(items.get("k")).isEqualTo(ConfigurationItem.of("v10", "10"));
      // Two non-numeric versions tie at -1: the first row read stays.
      assertThat(items.get("j").value()).isIn("first", "second");
      assertThat(c.get(ConfigurationRequest.of("k", "missing"))).containsOnlyKeys("k");
    }
  }

  @Test
  void badKeysAndChannelsAreRefused() throws Exception {
    pg.createTableAndDaprTrigger();
    try (ConfigurationComponent c = create(Map.of("connectionString", pg.url, "table", pg.table))) {
      assertThatThrownBy(() -> c.get(ConfigurationRequest.of("ok", "k' OR '1'='1")))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage(
              "configuration store 'cfg' (configuration.postgresql): get: key [1] is invalid: keys"
                  + " may hold only letters, digits, '.', '/' and '_'");
      assertThatThrownBy(() -> c.subscribe(ConfigurationRequest.of("a b"), m -> {}))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("subscribe: key [0] is invalid");
      assertThatThrownBy(() -> c.subscribe(ConfigurationRequest.of("k"), m -> {}))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("no notify channel; set metadata 'notifyChannel'");
      assertThatThrownBy(
              () ->
                  c.subscribe(
                      new ConfigurationRequest(List.of("k"), Map.of("pgNotifyChannel", "Upper")),
                      m -> {}))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("'pgNotifyChannel' may hold only lower-case letters");
    }
  }

  @Test
  void requestMetadataNamesTheChannelAsDaprsConformanceExtraDoes() throws Exception {
    pg.createTableAndDaprTrigger();
    List<Map<String, ConfigurationItem>> changes = new CopyOnWriteArrayList<>();
    try (ConfigurationComponent c = create(Map.of("connectionString", pg.url, "table", pg.table))) {
      Subscription s =
          c.subscribe(
              new ConfigurationRequest(List.of(), Map.of("PGNotifyChannel", pg.channel)),
              changes::add);
      pg.insert("k", "v", "1", "{}");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> changes.contains(Map.of("k", ConfigurationItem.of("v", "1"))));
      s.close();
      pg.update("k", "after", "2", "{}");
      pg.insert("sentinel", "v", "1", "{}");
      await().pollDelay(Duration.ofMillis(700)).until(() -> true);
      assertThat(changes).hasSize(1);
    }
  }
}
