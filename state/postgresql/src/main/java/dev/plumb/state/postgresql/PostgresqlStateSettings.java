package dev.plumb.state.postgresql;

import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.common.postgresql.PostgresqlSettings;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The metadata of a {@code state.postgresql} component, with Dapr's field names and defaults
 * ({@code common/component/postgresql/v1/metadata.go}, {@code state/postgresql/v2/metadata.go}):
 * the shared connection fields through {@link PostgresqlSettings}, then the tables and the cleanup
 * interval. Secret values never reach {@link #toString()} or a message.
 */
final class PostgresqlStateSettings {
  private static final Pattern TABLE =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");
  private static final Pattern PREFIX =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_$]*\\.)?[A-Za-z0-9_$]*");

  final boolean v2;
  final PostgresqlSettings connection;
  final String stateTable;
  final String metadataTable;
  final String tablePrefix;
  final Duration cleanupInterval;

  private PostgresqlStateSettings(ComponentMetadata md, boolean v2) {
    this.v2 = v2;
    this.connection = PostgresqlSettings.read(md);
    this.metadataTable = md.getString("metadataTableName", "dapr_metadata");
    if (!TABLE.matcher(metadataTable).matches()) {
      md.addProblem(
          "metadata 'metadataTableName': '" + metadataTable + "' is not a [schema.]table name");
    }
    if (v2) {
      this.tablePrefix = md.getString("tablePrefix", "");
      if (!PREFIX.matcher(tablePrefix).matches()) {
        md.addProblem("metadata 'tablePrefix': '" + tablePrefix + "' is not a valid prefix");
      }
      this.stateTable = tablePrefix + "state";
    } else {
      this.tablePrefix = "";
      this.stateTable = md.getString("tableName", "state");
      if (!TABLE.matcher(stateTable).matches()) {
        md.addProblem("metadata 'tableName': '" + stateTable + "' is not a [schema.]table name");
      }
    }
    String ci =
        md.getString("cleanupInterval")
            .orElseGet(() -> md.getString("cleanupIntervalInSeconds", ""));
    Duration cleanup = Duration.ofHours(1);
    if (!ci.isEmpty()) {
      cleanup =
          md.getString("cleanupInterval").isPresent()
              ? md.getDuration("cleanupInterval", cleanup)
              : md.getDuration("cleanupIntervalInSeconds", cleanup);
    }
    // Dapr: zero or negative disables the sweeper.
    this.cleanupInterval = cleanup.isZero() || cleanup.isNegative() ? null : cleanup;
  }

  static PostgresqlStateSettings read(ComponentMetadata md, boolean v2) {
    return new PostgresqlStateSettings(md, v2);
  }

  @Override
  public String toString() {
    return "PostgresqlStateSettings["
        + (v2 ? "v2" : "v1")
        + ", "
        + connection
        + ", table="
        + stateTable
        + "]";
  }
}
