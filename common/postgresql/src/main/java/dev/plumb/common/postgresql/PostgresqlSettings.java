package dev.plumb.common.postgresql;

import dev.plumb.api.spi.ComponentMetadata;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connection metadata every Dapr PostgreSQL component shares, with Dapr's field names and
 * defaults ({@code common/authentication/postgresql/metadata.go} and the {@code timeout} field of
 * each component): {@code connectionString} (alias {@code url}) as libpq {@code key=value} pairs or
 * a URL, the fields overriding it ({@code host}, {@code hostaddr}, {@code port}, {@code database},
 * {@code user}, {@code password}, {@code sslRootCert}), {@code maxConns}, {@code
 * connectionMaxIdleTime}, {@code timeout} (alias {@code timeoutInSeconds}, default 20 s, at least 1
 * s), and {@code queryExecMode}, read and ignored (the JDBC driver prepares statements on its own).
 * {@code useAzureAD} and {@code useAWSIAM} are reported as not supported. Table names and other
 * component fields are left to the provider.
 *
 * <p>Immutable and thread-safe. The password never reaches {@link #toString()} or a problem
 * message.
 */
public final class PostgresqlSettings {
  final PostgresqlConnectionString.Jdbc jdbc;
  final Duration timeout;
  final int maxConns;
  final Duration connectionMaxIdleTime;

  private PostgresqlSettings(ComponentMetadata md) {
    String cs = md.getString("connectionString").orElseGet(() -> md.getString("url", ""));
    Map<String, String> params = new LinkedHashMap<>();
    if (!cs.isEmpty()) {
      try {
        params.putAll(PostgresqlConnectionString.parse(cs));
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
    PostgresqlConnectionString.Jdbc parsed = null;
    try {
      parsed = PostgresqlConnectionString.toJdbc(params);
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
                    : parsed.properties().getProperty(PostgresqlConnectionString.POOL_MAX_CONNS),
                Math.max(4, Runtime.getRuntime().availableProcessors())));
    if (maxConns < 1) {
      md.addProblem("metadata 'maxConns': must be at least 1");
    }
    this.connectionMaxIdleTime = md.getDuration("connectionMaxIdleTime", Duration.ZERO);
    if (md.getBoolean("useAzureAD", false)) {
      md.addProblem("metadata 'useAzureAD': Azure AD authentication is not supported");
    }
    if (md.getBoolean("useAWSIAM", false)) {
      md.addProblem("metadata 'useAWSIAM': AWS IAM authentication is not supported");
    }
    // pgx's statement cache mode has no JDBC equivalent: the driver prepares on its own.
    md.getString("queryExecMode");
    this.timeout =
        md.getString("timeout").isPresent()
            ? md.getDuration("timeout", Duration.ofSeconds(20))
            : md.getDuration("timeoutInSeconds", Duration.ofSeconds(20));
    if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
      md.addProblem("metadata 'timeout': must be at least 1s");
    }
  }

  /**
   * Reads the shared PostgreSQL fields. Problems (no connection string, a malformed one, a bad
   * value, an unsupported option) are recorded on {@code md}: the provider reads its own fields
   * next and then calls {@link ComponentMetadata#validate()}, which reports them all in one {@link
   * dev.plumb.api.ConfigurationException}. Does not connect.
   *
   * @param md the component's metadata; not {@code null}
   * @return the settings; only meaningful once {@code md.validate()} has passed
   */
  public static PostgresqlSettings read(ComponentMetadata md) {
    return new PostgresqlSettings(md);
  }

  /**
   * Returns Dapr's per-operation timeout ({@code timeout}): {@link PostgresqlPools} makes it the
   * server's {@code statement_timeout}; providers use it for their own waits too.
   *
   * @return the timeout, 20 s by default, at least 1 s
   */
  public Duration timeout() {
    return timeout;
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

  /**
   * Describes the settings without credentials.
   *
   * @return the JDBC URL (which holds no password), pool size and timeout
   */
  @Override
  public String toString() {
    return "PostgresqlSettings[" + jdbc + ", maxConns=" + maxConns + ", timeout=" + timeout + "]";
  }
}
