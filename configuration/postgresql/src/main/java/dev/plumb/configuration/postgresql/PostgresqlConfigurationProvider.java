package dev.plumb.configuration.postgresql;

import com.zaxxer.hikari.HikariDataSource;
import dev.plumb.api.ConfigurationException;
import dev.plumb.api.configuration.spi.ConfigurationComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.common.postgresql.PostgresqlPools;
import dev.plumb.common.postgresql.PostgresqlSettings;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The {@code configuration.postgresql} provider (version {@code v1}): Dapr's PostgreSQL
 * configuration store. Reads Dapr's connection fields through {@code plumb-common-postgresql},
 * {@code table} (required), {@code notifyChannel} (alias {@code pgNotifyChannel}) and {@code
 * connMaxIdleTime} (Dapr's old name of {@code connectionMaxIdleTime}); and one Plumb field, {@code
 * createTableAndTrigger} (default {@code false}): as in Dapr, the table must otherwise exist, and
 * change notifications need the trigger the application installs. See {@code
 * docs/components/configuration-postgresql.md}.
 *
 * <p>Stateless and thread-safe; discovered through {@link java.util.ServiceLoader}.
 */
public final class PostgresqlConfigurationProvider
    implements ComponentProvider<ConfigurationComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public PostgresqlConfigurationProvider() {}

  @Override
  public String type() {
    return "configuration.postgresql";
  }

  @Override
  public Class<ConfigurationComponent> componentClass() {
    return ConfigurationComponent.class;
  }

  /**
   * Reads the metadata, opens the pool and checks that the table exists (or, with {@code
   * createTableAndTrigger}, creates table and trigger).
   *
   * @param context the component's name, metadata and runtime services
   * @return the store
   * @throws ConfigurationException if the metadata is invalid or the table does not exist
   * @throws com.zaxxer.hikari.pool.HikariPool.PoolInitializationException if the database cannot be
   *     reached
   */
  @Override
  public ConfigurationComponent create(ComponentContext context) {
    ComponentMetadata md = context.metadata();
    PostgresqlSettings settings = PostgresqlSettings.read(md);
    String table = md.getString("table").orElse("");
    if (table.isEmpty()) {
      md.addProblem("metadata 'table' is required: the configuration table's name");
    } else {
      checkIdentifier(md, "table", table);
    }
    Optional<String> channel =
        md.getString("notifyChannel").or(() -> md.getString("pgNotifyChannel"));
    channel.ifPresent(c -> checkIdentifier(md, "notifyChannel", c));
    md.getString("connMaxIdleTime");
    boolean create = md.getBoolean("createTableAndTrigger", false);
    if (create && channel.isEmpty()) {
      md.addProblem(
          "metadata 'createTableAndTrigger' needs 'notifyChannel': the trigger notifies it");
    }
    md.validate();
    HikariDataSource pool =
        PostgresqlPools.create("plumb-configuration-" + context.name(), settings);
    try {
      PostgresqlConfigurationComponent c =
          new PostgresqlConfigurationComponent(
              context.name(),
              pool,
              table,
              channel.orElse(null),
              context.blockingExecutor(),
              context.scheduler());
      if (create) {
        c.createTableAndTrigger();
      } else if (!c.tableExists()) {
        throw new ConfigurationException(
            "component '"
                + context.name()
                + "' (configuration.postgresql): metadata 'table': table '"
                + table
                + "' does not exist; create it (KEY VARCHAR NOT NULL, VALUE VARCHAR NOT NULL,"
                + " VERSION VARCHAR NOT NULL, METADATA JSON) with its notification trigger, or set"
                + " createTableAndTrigger: true");
      }
      return c;
    } catch (SQLException e) {
      pool.close();
      throw new ConfigurationException(
          "component '"
              + context.name()
              + "' (configuration.postgresql): checking table '"
              + table
              + "' failed: "
              + e.getMessage(),
          e);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** Dapr's rule for table and channel names: lower case {@code [a-z0-9./_]}, at most 64. */
  private static void checkIdentifier(ComponentMetadata md, String field, String value) {
    if (value.length() > PostgresqlConfigurationComponent.MAX_IDENTIFIER) {
      md.addProblem(
          "metadata '"
              + field
              + "': at most "
              + PostgresqlConfigurationComponent.MAX_IDENTIFIER
              + " characters, got "
              + value.length());
    } else if (!PostgresqlConfigurationComponent.IDENTIFIER.matcher(value).matches()) {
      md.addProblem(
          "metadata '"
              + field
              + "': only lower-case letters, digits, '.', '/' and '_' are allowed");
    }
  }
}
