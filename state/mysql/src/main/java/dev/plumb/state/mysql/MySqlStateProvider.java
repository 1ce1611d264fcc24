package dev.plumb.state.mysql;

import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.api.state.spi.StateComponent;

/**
 * Creates {@code state.mysql} components: Dapr's MySQL / MariaDB state store, on MariaDB
 * Connector/J with a HikariCP pool. Reads Dapr's metadata ({@code connectionString}, {@code
 * schemaName}, {@code tableName}, {@code metadataTableName}, {@code timeoutInSeconds}, {@code
 * pemPath}, {@code cleanupInterval}) plus {@code skipCreateTable} and {@code maxConns}. Features:
 * ETAG, TRANSACTIONAL, TTL, KEYS_LIKE. Found through {@link java.util.ServiceLoader}; thread-safe.
 */
public final class MySqlStateProvider implements ComponentProvider<StateComponent> {

  /** The Dapr component type. */
  public static final String TYPE = "state.mysql";

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public MySqlStateProvider() {}

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Class<StateComponent> componentClass() {
    return StateComponent.class;
  }

  /**
   * Validates the metadata, connects, and creates missing tables.
   *
   * @param context the component's identity, metadata, clock and scheduler
   * @return the started store
   * @throws dev.plumb.api.ConfigurationException if the metadata is invalid
   * @throws java.sql.SQLException if the database cannot be reached or a table is missing
   */
  @Override
  public StateComponent create(ComponentContext context) throws Exception {
    MySqlConfig config = MySqlConfig.from(context.metadata());
    return new MySqlStateComponent(
        context.name(), context.type(), config, context.clock(), context.scheduler());
  }
}
