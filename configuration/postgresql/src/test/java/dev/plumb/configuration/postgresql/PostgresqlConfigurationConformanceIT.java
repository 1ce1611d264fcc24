package dev.plumb.configuration.postgresql;

import dev.plumb.api.configuration.ConfigurationItem;
import dev.plumb.api.configuration.spi.ConfigurationComponent;
import dev.plumb.testkit.configuration.ConfigurationConformanceKit;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * {@code configuration.postgresql} passes the configuration kit on the test database, with a table
 * of its own and the trigger of Dapr's conformance updater. Deletes arrive as the row's last value,
 * as in Dapr.
 */
class PostgresqlConfigurationConformanceIT extends ConfigurationConformanceKit {
  private final PgConfig pg = new PgConfig(PgConfig.URL);

  @Override
  protected ConfigurationComponent createComponent() throws Exception {
    pg.createTableAndDaprTrigger();
    return createFromProvider(
        "configuration.postgresql",
        Map.of("connectionString", pg.url, "table", pg.table, "notifyChannel", pg.channel));
  }

  @AfterEach
  void dropTable() throws SQLException {
    pg.drop();
  }

  @Override
  protected void addKeys(Map<String, ConfigurationItem> items) throws SQLException {
    for (Map.Entry<String, ConfigurationItem> e : items.entrySet()) {
      pg.insert(e.getKey(), e.getValue().value(), e.getValue().version(), "{}");
    }
  }

  @Override
  protected void updateKeys(Map<String, ConfigurationItem> items) throws SQLException {
    for (Map.Entry<String, ConfigurationItem> e : items.entrySet()) {
      pg.update(e.getKey(), e.getValue().value(), e.getValue().version(), "{}");
    }
  }

  @Override
  protected void deleteKeys(Collection<String> keys) throws SQLException {
    pg.delete(keys);
  }

  @Override
  protected ConfigurationItem deletedItem(String key, ConfigurationItem last) {
    return last;
  }

  @Override
  protected boolean storeHoldsOnlyThisRun() {
    return true;
  }
}
