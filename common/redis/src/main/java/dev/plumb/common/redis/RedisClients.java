package dev.plumb.common.redis;

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
 * Builds the pooled Jedis client for {@link RedisSettings}: a {@link JedisPooled} for one server, a
 * {@link JedisCluster} for {@code redisType: cluster}, a {@link JedisSentineled} for {@code
 * failover: true}. Every provider of a Redis component (state, pub/sub on streams, lock,
 * configuration) gets its client here.
 */
public final class RedisClients {
  private RedisClients() {}

  /**
   * Creates the client and checks it with {@code PING}; a client whose check fails is closed.
   * Mapping of Dapr's settings: {@code dialTimeout} is the connect timeout, {@code readTimeout} the
   * socket timeout ({@code -1}: none), {@code poolSize}, {@code minIdleConns}, {@code poolTimeout},
   * {@code idleTimeout} and {@code idleCheckFrequency} shape the connection pool, {@code
   * redisMaxRetries} bounds a cluster command's redirections and retries. Standalone and sentinel
   * commands are not retried. Sentinels are reached without TLS and with the sentinel credentials.
   *
   * @param settings settings read from metadata that passed {@code validate()}
   * @return the connected client, thread-safe; the caller closes it
   * @throws redis.clients.jedis.exceptions.JedisException if Redis (or the cluster, or the
   *     sentinels) cannot be reached, the credentials are refused or the sentinels do not know the
   *     master
   */
  public static UnifiedJedis create(RedisSettings settings) {
    UnifiedJedis client = build(settings);
    try {
      client.ping();
      return client;
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private static UnifiedJedis build(RedisSettings s) {
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
      b.ssl(true).sslSocketFactory(s.tlsSocketFactory).sslParameters(params);
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
        return new JedisPooled(nodes.iterator().next(), config, pool);
    }
  }

  /** Dapr's "-1" (no timeout) becomes Java's 0 (infinite). */
  private static int millis(Duration d) {
    return d.isNegative() ? 0 : (int) Math.min(Integer.MAX_VALUE, d.toMillis());
  }
}
