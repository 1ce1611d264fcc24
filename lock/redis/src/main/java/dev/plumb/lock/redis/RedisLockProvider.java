package dev.plumb.lock.redis;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.lock.spi.LockComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.common.redis.RedisClients;
import dev.plumb.common.redis.RedisSettings;
import java.util.Set;
import redis.clients.jedis.UnifiedJedis;

/**
 * The {@code lock.redis} provider (version {@code v1}), Dapr's only lock store: a lock is the key
 * {@code lock||<appId>||<resourceId>} holding the owner, set with {@code SET NX PX}, released by a
 * script that deletes it only for its owner. Reads Dapr's shared Redis fields ({@code redisHost},
 * {@code redisPassword}, {@code redisDB}, {@code failover}, {@code enableTLS}, ...). As in Dapr,
 * {@code redisType: cluster} is refused, and so is a server with replicas unless {@code failover}
 * is on: a lock written to a master could be lost with it. See {@code
 * docs/components/lock-redis.md}.
 *
 * <p>Stateless and thread-safe; discovered through {@link java.util.ServiceLoader}.
 */
public final class RedisLockProvider implements ComponentProvider<LockComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public RedisLockProvider() {}

  @Override
  public String type() {
    return "lock.redis";
  }

  @Override
  public Set<String> versions() {
    return Set.of("v1");
  }

  @Override
  public Class<LockComponent> componentClass() {
    return LockComponent.class;
  }

  /**
   * Reads the metadata, connects, checks the connection with {@code PING} and the replication with
   * {@code INFO replication}.
   *
   * @param context the component's name, metadata and runtime services
   * @return the started store
   * @throws ConfigurationException if the metadata is invalid, asks for a cluster, or the server
   *     has replicas without {@code failover}
   * @throws redis.clients.jedis.exceptions.JedisException if Redis cannot be reached
   */
  @Override
  public LockComponent create(ComponentContext context) {
    ComponentMetadata md = context.metadata();
    RedisSettings s = RedisSettings.read(md);
    md.validate();
    String where = "component '" + context.name() + "' (lock.redis): ";
    if (s.mode() == RedisSettings.Mode.CLUSTER) {
      throw new ConfigurationException(
          where
              + "metadata 'redisType': cluster is not supported (as in Dapr): a lock could be lost");
    }
    UnifiedJedis client = RedisClients.create(s);
    try {
      int replicas = RedisLockComponent.connectedReplicas(client);
      if (replicas > 0 && s.mode() != RedisSettings.Mode.SENTINEL) {
        throw new ConfigurationException(
            where
                + "the server has "
                + replicas
                + " connected replica(s); replication is not supported without 'failover: true'"
                + " (as in Dapr): a lock written to the master could be lost with it");
      }
      return new RedisLockComponent(client);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }
}
