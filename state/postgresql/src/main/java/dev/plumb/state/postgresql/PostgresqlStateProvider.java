package dev.plumb.state.postgresql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.api.state.spi.StateComponent;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger LOG = LoggerFactory.getLogger(PostgresqlStateProvider.class);

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
    PgSettings s = PgSettings.read(context.metadata(), v2);
    context.metadata().validate();
    HikariDataSource ds = new HikariDataSource(hikari(context.name(), s));
    try {
      PgMigrations.perform(ds, s);
      return new PgStateStore(context.name(), s, ds, context.scheduler());
    } catch (Exception e) {
      ds.close();
      throw e;
    }
  }

  static HikariConfig hikari(String name, PgSettings s) {
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("plumb-state-" + name);
    hc.setJdbcUrl(s.jdbc.url());
    Properties props = new Properties();
    s.jdbc
        .properties()
        .forEach(
            (k, v) -> {
              String key = (String) k;
              if (key.startsWith(ConnectionStrings.IGNORED_PREFIX)) {
                LOG.warn(
                    "state store '{}': connection string parameter '{}' has no JDBC equivalent;"
                        + " ignored",
                    name,
                    key.substring(ConnectionStrings.IGNORED_PREFIX.length()));
              } else if (!key.equals(ConnectionStrings.POOL_MAX_CONNS)) {
                props.setProperty(key, (String) v);
              }
            });
    // The server enforces Dapr's per-request timeout; no client-side timer per statement.
    long timeoutMs = s.timeout.toMillis();
    String options = props.getProperty("options", "");
    props.setProperty("options", (options + " -c statement_timeout=" + timeoutMs).trim());
    props.putIfAbsent("connectTimeout", Long.toString(Math.max(1, s.timeout.toSeconds())));
    // A dead server must not hang a call forever: give up reading well after the statement timeout.
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
