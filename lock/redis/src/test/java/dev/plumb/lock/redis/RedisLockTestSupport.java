package dev.plumb.lock.redis;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/** Finds the test Redis server ({@code PLUMB_REDIS_URL}). */
final class RedisLockTestSupport {
  static final URI URL =
      URI.create(System.getenv().getOrDefault("PLUMB_REDIS_URL", "redis://127.0.0.1:6379"));

  private RedisLockTestSupport() {}

  static String host() {
    return URL.getHost() + ":" + port();
  }

  private static int port() {
    return URL.getPort() > 0 ? URL.getPort() : 6379;
  }

  static Map<String, String> metadata() {
    Map<String, String> md = new HashMap<>();
    md.put("redisHost", host());
    String userInfo = URL.getUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      md.put("redisPassword", colon >= 0 ? userInfo.substring(colon + 1) : userInfo);
      if (colon > 0) {
        md.put("redisUsername", userInfo.substring(0, colon));
      }
    }
    return md;
  }

  static JedisPooled rawClient() {
    Map<String, String> md = metadata();
    return new JedisPooled(
        new HostAndPort(URL.getHost(), port()),
        DefaultJedisClientConfig.builder()
            .user(md.get("redisUsername"))
            .password(md.get("redisPassword"))
            .build());
  }
}
