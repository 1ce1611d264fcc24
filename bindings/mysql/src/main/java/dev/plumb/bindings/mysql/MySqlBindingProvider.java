package dev.plumb.bindings.mysql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.plumb.api.bindings.spi.OutputBindingComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.common.mysql.MySqlConnectionSettings;
import java.time.Duration;

/**
 * The {@code bindings.mysql} provider (version {@code v1}), with Dapr's metadata: {@code url}
 * (required; a Go MySQL driver DSN such as {@code user:password@tcp(localhost:3306)/db} or a JDBC
 * URL), {@code pemPath} (CA certificates for TLS), {@code maxOpenConns} (the pool's size, 10 by
 * default), {@code maxIdleConns}, {@code connMaxLifetime} and {@code connMaxIdleTime}. The pool
 * opens one connection at build to check it. Sessions run in UTC, as the Go driver reads times. See
 * {@code docs/components/bindings-mysql.md}.
 *
 * <p>Stateless and thread-safe; discovered through {@link java.util.ServiceLoader}.
 */
public final class MySqlBindingProvider implements ComponentProvider<OutputBindingComponent> {
  private static final int DEFAULT_POOL_SIZE = 10;

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public MySqlBindingProvider() {}

  @Override
  public String type() {
    return "bindings.mysql";
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
    ComponentMetadata md = context.metadata();
    String url = md.requireString("url");
    String pemPath = md.getString("pemPath").orElse(null);
    MySqlConnectionSettings cs = null;
    if (!url.isEmpty()) {
      try {
        cs = MySqlConnectionSettings.parse(url, pemPath);
      } catch (IllegalArgumentException e) {
        md.addProblem("metadata 'url': " + e.getMessage());
      }
    }
    int maxOpen = md.getInt("maxOpenConns", DEFAULT_POOL_SIZE);
    int maxIdle = md.getInt("maxIdleConns", 2);
    Duration lifetime = md.getDuration("connMaxLifetime", Duration.ZERO);
    Duration idleTime = md.getDuration("connMaxIdleTime", Duration.ZERO);
    md.validate();

    HikariConfig hc = new HikariConfig();
    hc.setPoolName("plumb-bindings-" + context.name());
    hc.setJdbcUrl(cs.jdbcUrl());
    if (cs.user() != null) {
      hc.setUsername(cs.user());
    }
    if (cs.password() != null) {
      hc.setPassword(cs.password());
    }
    cs.properties().forEach(hc::addDataSourceProperty);
    int size = maxOpen > 0 ? maxOpen : DEFAULT_POOL_SIZE;
    hc.setMaximumPoolSize(size);
    hc.setMinimumIdle(Math.max(0, Math.min(maxIdle, size)));
    if (!lifetime.isZero() && !lifetime.isNegative()) {
      // HikariCP's floor is 30 s.
      hc.setMaxLifetime(Math.max(30_000, lifetime.toMillis()));
    }
    if (!idleTime.isZero() && !idleTime.isNegative()) {
      hc.setIdleTimeout(Math.max(10_000, idleTime.toMillis()));
    }
    hc.setConnectionInitSql("SET time_zone = '+00:00'");
    hc.setAutoCommit(true);
    return new MySqlBindingComponent(new HikariDataSource(hc), context.clock());
  }
}
