package dev.plumb.state.postgresql;

import com.zaxxer.hikari.HikariDataSource;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.common.postgresql.PostgresqlPools;
import java.util.Set;

/**
 * The {@code state.postgresql} provider, versions {@code v1} (Dapr's {@code jsonb} table, etag
 * {@code xmin}, query API) and {@code v2} (Dapr's {@code bytea} table, UUID etags). Reads Dapr's
 * metadata fields ({@code connectionString} as libpq {@code key=value} pairs or a URL, {@code
 * tableName}/{@code tablePrefix}, {@code metadataTableName}, {@code timeout}, {@code
 * cleanupInterval}, ...), creates or upgrades the tables as Dapr does, and connects through a
 * HikariCP pool. Features: {@code ETAG}, {@code TRANSACTIONAL}, {@code TTL}, {@code KEYS_LIKE}, and
 * {@code QUERY_API} on v1. See {@code docs/components/state-postgresql.md}.
 *
 * <p>Stateless and thread-safe; discovered through {@link java.util.ServiceLoader}.
 */
public final class PostgresqlStateProvider implements ComponentProvider<StateComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public PostgresqlStateProvider() {}

  @Override
  public String type() {
    return "state.postgresql";
  }

  @Override
  public Set<String> versions() {
    return Set.of("v1", "v2");
  }

  @Override
  public Class<StateComponent> componentClass() {
    return StateComponent.class;
  }

  /**
   * Reads the metadata, opens the pool, runs the table migrations and starts the expiry sweeper.
   *
   * @param context the component's name, version, metadata and runtime services
   * @return the started store
   * @throws dev.plumb.api.ConfigurationException if the metadata is invalid
   * @throws Exception if the database cannot be reached or the tables cannot be created
   */
  @Override
  public StateComponent create(ComponentContext context) throws Exception {
    boolean v2 = "v2".equals(context.version());
    PostgresqlStateSettings s = PostgresqlStateSettings.read(context.metadata(), v2);
    context.metadata().validate();
    HikariDataSource ds = PostgresqlPools.create("plumb-state-" + context.name(), s.connection);
    try {
      PostgresqlMigrations.perform(ds, s);
      return new PostgresqlStateComponent(
          context.name(), s, ds, context.scheduler(), context.appId());
    } catch (Exception e) {
      // An interrupted start (its initTimeout passed) must still close the pool completely:
      // HikariCP stops closing when interrupted, leaving threads and connections behind.
      boolean interrupted = Thread.interrupted();
      ds.close();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      throw e;
    }
  }
}
