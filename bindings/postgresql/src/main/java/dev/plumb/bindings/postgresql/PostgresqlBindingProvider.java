package dev.plumb.bindings.postgresql;

import com.zaxxer.hikari.HikariDataSource;
import dev.plumb.api.bindings.spi.OutputBindingComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.common.postgresql.PostgresqlPools;
import dev.plumb.common.postgresql.PostgresqlSettings;

/**
 * The {@code bindings.postgresql} provider (version {@code v1}): Dapr's PostgreSQL connection
 * metadata ({@code connectionString} or {@code host}, {@code user}, ..., {@code maxConns}, {@code
 * timeout}), read and pooled by {@code plumb-common-postgresql}; the pool opens one connection at
 * build to check it. See {@code docs/components/bindings-postgresql.md}.
 *
 * <p>Stateless and thread-safe; discovered through {@link java.util.ServiceLoader}.
 */
public final class PostgresqlBindingProvider implements ComponentProvider<OutputBindingComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public PostgresqlBindingProvider() {}

  @Override
  public String type() {
    return "bindings.postgresql";
  }

  @Override
  public Class<OutputBindingComponent> componentClass() {
    return OutputBindingComponent.class;
  }

  /**
   * Reads the metadata and opens the pool.
   *
   * @param context the component's name, metadata and runtime services
   * @return the binding
   * @throws dev.plumb.api.ConfigurationException if the metadata is invalid
   * @throws com.zaxxer.hikari.pool.HikariPool.PoolInitializationException if the database cannot be
   *     reached
   */
  @Override
  public OutputBindingComponent create(ComponentContext context) {
    PostgresqlSettings settings = PostgresqlSettings.read(context.metadata());
    context.metadata().validate();
    HikariDataSource pool = PostgresqlPools.create("plumb-bindings-" + context.name(), settings);
    return new PostgresqlBindingComponent(pool, context.clock());
  }
}
