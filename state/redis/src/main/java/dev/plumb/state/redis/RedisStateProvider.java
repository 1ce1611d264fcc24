package dev.plumb.state.redis;

import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.api.state.spi.StateComponent;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.net.ssl.SSLParameters;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisSentineled;
import redis.clients.jedis.UnifiedJedis;

/**
 * The {@code state.redis} provider (version {@code v1}): a Redis state store that reads Dapr's
 * metadata fields ({@code redisHost}, {@code redisPassword}, {@code redisType}, {@code failover},
 * {@code enableTLS}, ...) and keeps data in Dapr's layout, so that Dapr and Plumb applications can
 * share a store. Features: {@code ETAG}, {@code TTL}, and {@code TRANSACTIONAL} except with {@code
 * redisType: cluster}. See {@code docs/components/state-redis.md}.
 *
 * <p>Stateless and thread-safe; discovered through {@link java.util.ServiceLoader}.
 */
public final class RedisStateProvider implements ComponentProvider<StateComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public RedisStateProvider() {}

  @Override
  public String type() {
    return "state.redis";
  }

  @Override
  public Set<String> versions() {
    return Set.of("v1");
  }

  @Override
  public Class<StateComponent> componentClass() {
    return StateComponent.class;
  }

  /**
   * Reads the metadata, connects, and checks the connection with {@code PING}.
   *
   * @param context the component's name, metadata and runtime services
   * @return the started store
   * @throws dev.plumb.api.ConfigurationException if the metadata is invalid
   * @throws Exception if Redis cannot be reached
   */
  @Override
  public StateComponent create(ComponentContext context) throws Exception {
    RedisSettings s = RedisSettings.read(context.metadata());
    context.metadata().validate();
    UnifiedJedis client = connect(s);
    try {
      client.ping();
      return new RedisStateStore(context.name(), client, s, context.clock());
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  static UnifiedJedis connect(RedisSettings s) throws Exception {
    DefaultJedisClientConfig.Builder b =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(millis(s.dialTimeout))
            .socketTimeoutMillis(millis(s.readTimeout))
            .user(s.username)
            .password(s.password)
            .database(s.database);
    if (s.enableTls) {
      SSLParameters params = new SSLParameters();
      if (!s.insecureSkipTlsVerify) {
        params.setEndpointIdentificationAlgorithm("HTTPS");
      }
      b.ssl(true).sslSocketFactory(TlsSupport.socketFactory(s)).sslParameters(params);
    }
    JedisClientConfig config = b.build();
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(s.poolSize);
    pool.setMaxIdle(s.poolSize);
    pool.setMinIdle(Math.min(s.minIdleConns, s.poolSize));
    pool.setMaxWait(s.poolTimeout);
    if (!s.idleTimeout.isNegative()) {
      pool.setMinEvictableIdleDuration(s.idleTimeout);
    }
    if (!s.idleCheckFrequency.isNegative()) {
      pool.setTimeBetweenEvictionRuns(s.idleCheckFrequency);
    }
    Set<HostAndPort> nodes = new LinkedHashSet<>();
    for (RedisSettings.Address a : s.addresses) {
      nodes.add(new HostAndPort(a.host(), a.port()));
    }
    switch (s.mode) {
      case CLUSTER:
        return new JedisCluster(nodes, config, Math.max(1, s.maxRetries + 1), pool);
      case SENTINEL:
        JedisClientConfig sentinelConfig =
            DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis(s.dialTimeout))
                .socketTimeoutMillis(millis(s.readTimeout))
                .user(s.sentinelUsername)
                .password(s.sentinelPassword)
                .build();
        return new JedisSentineled(s.sentinelMasterName, config, pool, nodes, sentinelConfig);
      default:
        HostAndPort node = nodes.iterator().next();
        return new JedisPooled(node, config, pool);
    }
  }

  /** Dapr's "-1" (no timeout) becomes Java's 0 (infinite). */
  private static int millis(Duration d) {
    return d.isNegative() ? 0 : (int) Math.min(Integer.MAX_VALUE, d.toMillis());
  }
}
