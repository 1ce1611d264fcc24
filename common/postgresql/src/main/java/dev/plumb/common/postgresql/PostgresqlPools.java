package dev.plumb.common.postgresql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the HikariCP connection pool for {@link PostgresqlSettings}. Every PostgreSQL provider
 * (state, configuration, bindings) gets its pool here, so that Dapr's connection metadata means the
 * same everywhere.
 */
public final class PostgresqlPools {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresqlPools.class);

  private PostgresqlPools() {}

  /**
   * Opens the pool and checks that one connection can be made. Dapr's {@code timeout} becomes the
   * server's {@code statement_timeout} (no client-side timer per statement), the connect timeout
   * unless the connection string sets {@code connect_timeout}, the wait for a free connection, and,
   * plus 10 s, the socket read timeout, so a dead server cannot hang a call. {@code maxConns} is
   * the pool size; with {@code connectionMaxIdleTime} idle connections are closed after that time
   * (at least 10 s, HikariCP's minimum). Connection-string parameters the JDBC driver has no
   * equivalent for are logged once, by name, and ignored.
   *
   * @param poolName names the pool in logs and metrics, for example {@code plumb-state-statestore}
   * @param settings settings read from metadata that passed {@code validate()}
   * @return the open pool, thread-safe; the caller closes it
   * @throws com.zaxxer.hikari.pool.HikariPool.PoolInitializationException if no connection can be
   *     made (server unreachable, credentials refused, database missing)
   */
  public static HikariDataSource create(String poolName, PostgresqlSettings settings) {
    return new HikariDataSource(config(poolName, settings));
  }

  static HikariConfig config(String poolName, PostgresqlSettings s) {
    HikariConfig hc = new HikariConfig();
    hc.setPoolName(poolName);
    hc.setJdbcUrl(s.jdbc.url());
    Properties props = new Properties();
    s.jdbc
        .properties()
        .forEach(
            (k, v) -> {
              String key = (String) k;
              if (key.startsWith(PostgresqlConnectionString.IGNORED_PREFIX)) {
                LOG.warn(
                    "pool '{}': connection string parameter '{}' has no JDBC equivalent; ignored",
                    poolName,
                    key.substring(PostgresqlConnectionString.IGNORED_PREFIX.length()));
              } else if (!key.equals(PostgresqlConnectionString.POOL_MAX_CONNS)) {
                props.setProperty(key, (String) v);
              }
            });
    long timeoutMs = s.timeout.toMillis();
    String options = props.getProperty("options", "");
    props.setProperty("options", (options + " -c statement_timeout=" + timeoutMs).trim());
    props.putIfAbsent("connectTimeout", Long.toString(Math.max(1, s.timeout.toSeconds())));
    props.setProperty("socketTimeout", Long.toString(s.timeout.toSeconds() + 10));
    props.setProperty("tcpKeepAlive", "true");
    hc.setDataSourceProperties(props);
    hc.setMaximumPoolSize(s.maxConns);
    hc.setConnectionTimeout(Math.max(250, timeoutMs));
    hc.setValidationTimeout(Math.max(250, Math.min(timeoutMs, 5000)));
    if (!s.connectionMaxIdleTime.isZero() && !s.connectionMaxIdleTime.isNegative()) {
      hc.setMinimumIdle(0);
      hc.setIdleTimeout(Math.max(10_000, s.connectionMaxIdleTime.toMillis()));
    }
    return hc;
  }
}
