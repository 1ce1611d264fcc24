package dev.plumb.configuration.redis;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.configuration.spi.ConfigurationComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.common.redis.RedisClients;
import dev.plumb.common.redis.RedisSettings;
import java.util.Set;
import redis.clients.jedis.UnifiedJedis;

/**
 * The {@code configuration.redis} provider (version {@code v1}): items stored as Dapr stores them,
 * a Redis string {@code <value>||<version>} per key, read with {@code GET}/{@code SCAN} and watched
 * through keyspace notifications. Reads Dapr's shared Redis fields ({@code redisHost}, {@code
 * redisPassword}, {@code redisDB}, {@code failover}, {@code enableTLS}, ...). {@code redisType:
 * cluster} is refused: keyspace notifications are per node, and a watch on one node would miss the
 * others' changes. See {@code docs/components/configuration-redis.md}.
 *
 * <p>Stateless and thread-safe; discovered through {@link java.util.ServiceLoader}.
 */
public final class RedisConfigurationProvider implements ComponentProvider<ConfigurationComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public RedisConfigurationProvider() {}

  @Override
  public String type() {
    return "configuration.redis";
  }

  @Override
  public Set<String> versions() {
    return Set.of("v1");
  }

  @Override
  public Class<ConfigurationComponent> componentClass() {
    return ConfigurationComponent.class;
  }

  /**
   * Reads the metadata, connects, and checks the connection with {@code PING}.
   *
   * @param context the component's name, metadata and runtime services
   * @return the started store
   * @throws ConfigurationException if the metadata is invalid or asks for a cluster
   * @throws redis.clients.jedis.exceptions.JedisException if Redis cannot be reached
   */
  @Override
  public ConfigurationComponent create(ComponentContext context) {
    ComponentMetadata md = context.metadata();
    RedisSettings s = RedisSettings.read(md);
    md.validate();
    if (s.mode() == RedisSettings.Mode.CLUSTER) {
      throw new ConfigurationException(
          "component '"
              + context.name()
              + "' (configuration.redis): metadata 'redisType': cluster is not supported; keyspace"
              + " notifications are per node, so changes on other nodes would be missed");
    }
    UnifiedJedis client = RedisClients.create(s);
    try {
      return new RedisConfigurationComponent(
          context.name(), client, s.database(), context.blockingExecutor(), context.scheduler());
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }
}
