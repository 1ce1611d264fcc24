package dev.plumb.state.redis;

import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.common.redis.RedisClients;
import dev.plumb.common.redis.RedisSettings;
import java.util.Optional;
import java.util.Set;
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
   * Reads the metadata (the shared Redis fields through {@link RedisSettings}, then {@code
   * ttlInSeconds}), connects, and checks the connection with {@code PING}.
   *
   * @param context the component's name, metadata and runtime services
   * @return the started store
   * @throws dev.plumb.api.ConfigurationException if the metadata is invalid
   * @throws redis.clients.jedis.exceptions.JedisException if Redis cannot be reached
   */
  @Override
  public StateComponent create(ComponentContext context) {
    ComponentMetadata md = context.metadata();
    RedisSettings s = RedisSettings.read(md);
    Long defaultTtlSeconds = defaultTtlSeconds(md);
    // queryIndexes (Dapr's RediSearch query API) is left unread on purpose: the runtime warns that
    // it is a Dapr field this provider ignores, and the store declares no query feature.
    md.validate();
    UnifiedJedis client = RedisClients.create(s);
    try {
      return new RedisStateComponent(context.name(), client, s, defaultTtlSeconds, context.clock());
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** Dapr's {@code ttlInSeconds}: the TTL of saves whose request sets none. */
  private static Long defaultTtlSeconds(ComponentMetadata md) {
    Optional<String> ttl = md.getString("ttlInSeconds");
    if (ttl.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(ttl.get());
    } catch (NumberFormatException e) {
      md.addProblem("metadata 'ttlInSeconds': expected an integer, got '" + ttl.get() + "'");
      return null;
    }
  }
}
