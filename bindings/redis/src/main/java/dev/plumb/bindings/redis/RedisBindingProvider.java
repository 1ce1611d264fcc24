package dev.plumb.bindings.redis;

import dev.plumb.api.bindings.spi.OutputBindingComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.common.redis.RedisClients;
import dev.plumb.common.redis.RedisSettings;

/**
 * The {@code bindings.redis} provider (version {@code v1}): Dapr's Redis connection metadata
 * ({@code redisHost}, {@code redisPassword}, {@code enableTLS}, {@code redisType}, {@code
 * failover}, ...), read and connected by {@code plumb-common-redis}; the connection is checked with
 * {@code PING} at build. See {@code docs/components/bindings-redis.md}.
 *
 * <p>Stateless and thread-safe; discovered through {@link java.util.ServiceLoader}.
 */
public final class RedisBindingProvider implements ComponentProvider<OutputBindingComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public RedisBindingProvider() {}

  @Override
  public String type() {
    return "bindings.redis";
  }

  @Override
  public Class<OutputBindingComponent> componentClass() {
    return OutputBindingComponent.class;
  }

  /**
   * Reads the metadata and connects.
   *
   * @param context the component's name, metadata and runtime services
   * @return the binding
   * @throws dev.plumb.api.ConfigurationException if the metadata is invalid
   * @throws redis.clients.jedis.exceptions.JedisException if Redis cannot be reached
   */
  @Override
  public OutputBindingComponent create(ComponentContext context) {
    RedisSettings settings = RedisSettings.read(context.metadata());
    context.metadata().validate();
    return new RedisBindingComponent(RedisClients.create(settings));
  }
}
