package dev.plumb.state.postgresql;

import dev.plumb.api.spi.ComponentMetadata;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The metadata of a {@code state.postgresql} component, with Dapr's field names and defaults
 * ({@code common/component/postgresql/v1/metadata.go}, {@code state/postgresql/v2/metadata.go},
 * {@code common/authentication/postgresql/metadata.go}). Secret values never reach {@link
 * #toString()} or a message.
 */
final class PgSettings {
  private static final Pattern TABLE =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");
  private static final Pattern PREFIX =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_$]*\\.)?[A-Za-z0-9_$]*");

  final boolean v2;
  final ConnectionStrings.Jdbc jdbc;
  final String stateTable;
  final String metadataTable;
  final String tablePrefix;
  final Duration timeout;
  final Duration cleanupInterval;
  final int maxConns;
  final Duration connectionMaxIdleTime;

  private PgSettings(ComponentMetadata md, boolean v2) {
    this.v2 = v2;
    String cs = md.getString("connectionString").orElseGet(() -> md.getString("url", ""));
    Map<String, String> params = new LinkedHashMap<>();
    if (!cs.isEmpty()) {
      try {
        params.putAll(ConnectionStrings.parse(cs));
      } catch (IllegalArgumentException e) {
        md.addProblem("metadata 'connectionString': " + e.getMessage());
      }
    }
    // Dapr: separate fields override what the connection string says.
    override(md, params, "host", "host");
    override(md, params, "hostaddr", "hostaddr");
    override(md, params, "port", "port");
    override(md, params, "database", "dbname");
    override(md, params, "user", "user");
    override(md, params, "password", "password");
    if (md.getString("sslRootCert").isPresent()) {
      params.put("sslrootcert", md.getString("sslRootCert").get());
      params.putIfAbsent("sslmode", "verify-full");
    }
    if (cs.isEmpty() && !params.containsKey("host") && !params.containsKey("hostaddr")) {
      md.addProblem("metadata 'connectionString' is required (or 'host' and related fields)");
    }
    ConnectionStrings.Jdbc parsed = null;
    try {
      parsed = ConnectionStrings.toJdbc(params);
    } catch (IllegalArgumentException e) {
      md.addProblem("metadata 'connectionString': " + e.getMessage());
    }
    this.jdbc = parsed;
    this.maxConns =
        md.getInt(
            "maxConns",
            intOr(
                parsed == null
                    ? null
                    : parsed.properties().getProperty(ConnectionStrings.POOL_MAX_CONNS),
                Math.max(4, Runtime.getRuntime().availableProcessors())));
    this.connectionMaxIdleTime = md.getDuration("connectionMaxIdleTime", Duration.ZERO);
    if (md.getBoolean("useAzureAD", false)) {
      md.addProblem("metadata 'useAzureAD': Azure AD authentication is not supported");
    }
    if (md.getBoolean("useAWSIAM", false)) {
      md.addProblem("metadata 'useAWSIAM': AWS IAM authentication is not supported");
    }
    // pgx's statement cache mode has no JDBC equivalent: the driver prepares on its own.
    md.getString("queryExecMode");

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
    Optional<String> t = md.getString("timeout");
    this.timeout =
        t.isPresent()
            ? md.getDuration("timeout", Duration.ofSeconds(20))
            : md.getDuration("timeoutInSeconds", Duration.ofSeconds(20));
    if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
      md.addProblem("metadata 'timeout': must be at least 1s");
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

  static PgSettings read(ComponentMetadata md, boolean v2) {
    return new PgSettings(md, v2);
  }

  private static void override(
      ComponentMetadata md, Map<String, String> params, String field, String param) {
    md.getString(field).ifPresent(v -> params.put(param, v));
  }

  private static int intOr(String v, int def) {
    if (v == null) {
      return def;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      return def;
    }
  }

  @Override
  public String toString() {
    return "PgSettings[" + (v2 ? "v2" : "v1") + ", " + jdbc + ", table=" + stateTable + "]";
  }
}
