package dev.plumb.configuration.redis;

import dev.plumb.api.configuration.ConfigurationItem;
import dev.plumb.api.configuration.spi.ConfigurationComponent;
import dev.plumb.testkit.configuration.ConfigurationConformanceKit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.JedisPooled;

/**
 * {@code configuration.redis} passes the configuration kit on a private {@code redis-server} whose
 * keyspace notifications start off: the component turns them on with {@code CONFIG SET}. The
 * updater writes Dapr's {@code value||version} strings with a plain client.
 */
class RedisConfigurationConformanceIT extends ConfigurationConformanceKit {
  private final PrivateRedis redis = PrivateRedis.shared();
  private final JedisPooled updater = new JedisPooled("127.0.0.1", redis.port);

  @Override
  protected ConfigurationComponent createComponent() throws Exception {
    return createFromProvider("configuration.redis", Map.of("redisHost", redis.host()));
  }

  @Override
  protected void addKeys(Map<String, ConfigurationItem> items) {
    List<String> keysAndValues = new ArrayList<>();
    items.forEach(
        (k, v) -> {
          keysAndValues.add(k);
          keysAndValues.add(v.value() + "||" + v.version());
        });
    updater.mset(keysAndValues.toArray(String[]::new));
  }

  @Override
  protected void deleteKeys(Collection<String> keys) {
    updater.del(keys.toArray(String[]::new));
  }
}
