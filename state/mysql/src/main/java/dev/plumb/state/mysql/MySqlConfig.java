package dev.plumb.state.mysql;

import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.common.mysql.MySqlConnectionSettings;
import java.time.Duration;

/**
 * The component metadata of {@code state.mysql}, with Dapr's field names and defaults.
 *
 * @param connection the parsed connection string
 * @param schemaName the database holding the tables
 * @param tableName the state table
 * @param metadataTableName the table coordinating the expiry sweeper between instances
 * @param timeout the limit of each database call
 * @param cleanupInterval how often expired rows are purged, or {@code null} to never purge
 * @param createTables whether missing schema and tables are created
 * @param maxConnections the connection pool size
 */
record MySqlConfig(
    MySqlConnectionSettings connection,
    String schemaName,
    String tableName,
    String metadataTableName,
    Duration timeout,
    Duration cleanupInterval,
    boolean createTables,
    int maxConnections) {

  static final String CONNECTION_STRING = "connectionString";
  static final String SCHEMA_NAME = "schemaName";
  static final String TABLE_NAME = "tableName";
  static final String METADATA_TABLE_NAME = "metadataTableName";
  static final String TIMEOUT_IN_SECONDS = "timeoutInSeconds";
  static final String PEM_PATH = "pemPath";
  static final String CLEANUP_INTERVAL = "cleanupInterval";
  static final String CLEANUP_INTERVAL_IN_SECONDS = "cleanupIntervalInSeconds";
  static final String SKIP_CREATE_TABLE = "skipCreateTable";
  static final String MAX_CONNECTIONS = "maxConns";

  static final String DEFAULT_SCHEMA = "dapr_state_store";

  /**
   * Reads and validates every field.
   *
   * @param md the component metadata
   * @return the configuration
   * @throws dev.plumb.api.ConfigurationException listing every problem
   */
  static MySqlConfig from(ComponentMetadata md) {
    String connectionString = md.requireString(CONNECTION_STRING);
    String pemPath = md.getString(PEM_PATH).orElse(null);
    MySqlConnectionSettings connection = null;
    if (!connectionString.isEmpty()) {
      try {
        connection = MySqlConnectionSettings.parse(connectionString, pemPath);
      } catch (IllegalArgumentException e) {
        md.addProblem("metadata '" + CONNECTION_STRING + "': " + e.getMessage());
      }
    }
    String tableName = identifier(md, TABLE_NAME, "state");
    String metadataTableName = identifier(md, METADATA_TABLE_NAME, "dapr_metadata");
    String defaultSchema =
        connection != null && connection.database() != null
            ? connection.database()
            : DEFAULT_SCHEMA;
    String schemaName = identifier(md, SCHEMA_NAME, defaultSchema);
    long timeoutSeconds = md.getLong(TIMEOUT_IN_SECONDS, 20);
    if (timeoutSeconds <= 0) {
      // Dapr falls back to its default for non-positive values.
      timeoutSeconds = 20;
    }
    Duration cleanup;
    if (md.has(CLEANUP_INTERVAL)) {
      cleanup = md.getDuration(CLEANUP_INTERVAL, Duration.ofHours(1));
    } else {
      cleanup = md.getDuration(CLEANUP_INTERVAL_IN_SECONDS, Duration.ofHours(1));
    }
    boolean createTables = !md.getBoolean(SKIP_CREATE_TABLE, false);
    int maxConnections = md.getInt(MAX_CONNECTIONS, 10);
    if (maxConnections < 1) {
      md.addProblem("metadata '" + MAX_CONNECTIONS + "' must be at least 1");
    }
    md.validate();
    return new MySqlConfig(
        connection,
        schemaName,
        tableName,
        metadataTableName,
        Duration.ofSeconds(timeoutSeconds),
        cleanup.isNegative() || cleanup.isZero() ? null : cleanup,
        createTables,
        maxConnections);
  }

  private static String identifier(ComponentMetadata md, String field, String defaultValue) {
    String v = md.getString(field, defaultValue);
    if (!v.matches("[A-Za-z0-9_]+")) {
      String got = md.isSecret(field) ? "a secret value" : "'" + v + "'";
      md.addProblem(
          "metadata '" + field + "' must contain only letters, digits and '_', got " + got);
      return defaultValue;
    }
    return v;
  }

  /**
   * Returns the qualified, quoted name of the state table.
   *
   * @return for example {@code `dapr_state_store`.`state`}
   */
  String qualifiedTable() {
    return "`" + schemaName + "`.`" + tableName + "`";
  }

  /**
   * Returns the qualified, quoted name of the metadata table.
   *
   * @return for example {@code `dapr_state_store`.`dapr_metadata`}
   */
  String qualifiedMetadataTable() {
    return "`" + schemaName + "`.`" + metadataTableName + "`";
  }
}
