package dev.plumb.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/**
 * The store loads its scripts again when the server forgot them (a restart, {@code SCRIPT FLUSH}).
 * On a private redis-server: flushing the shared server's scripts would break other test runs.
 */
class ScriptCacheIT {

  @Test
  void recoversWhenTheServerForgetsItsScripts() throws Exception {
    try (RedisTestSupport.PrivateRedis server = new RedisTestSupport.PrivateRedis();
        JedisPooled raw = new JedisPooled(new HostAndPort("127.0.0.1", server.port));
        StateComponent store =
            RedisTestSupport.create(Map.of("redisHost", "127.0.0.1:" + server.port))) {
      store.set(SetRequest.of("s", b("1")));
      raw.scriptFlush();
      store.set(SetRequest.of("s", b("2")));
      raw.scriptFlush();
      assertThat(store.get(GetRequest.of("s")).value()).isEqualTo(b("2"));
      raw.scriptFlush();
      assertThat(store.bulkGet(List.of(GetRequest.of("s"))).get(0).value()).isEqualTo(b("2"));
      raw.scriptFlush();
      store.bulkSet(List.of(SetRequest.of("s", b("3"))));
      assertThat(store.get(GetRequest.of("s")).value()).isEqualTo(b("3"));
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
