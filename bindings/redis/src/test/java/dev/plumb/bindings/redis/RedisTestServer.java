package dev.plumb.bindings.redis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * The test Redis ({@code PLUMB_REDIS_URL}, {@code redis://127.0.0.1:6379} by default); a server
 * that is down fails the test class, naming the address and the variable.
 */
final class RedisTestServer {
  static final URI URL =
      URI.create(System.getenv().getOrDefault("PLUMB_REDIS_URL", "redis://127.0.0.1:6379"));

  private RedisTestServer() {}

  static String host() {
    return URL.getHost() + ":" + (URL.getPort() > 0 ? URL.getPort() : 6379);
  }

  static void check() {
    try (Socket s = new Socket()) {
      s.connect(
          new InetSocketAddress(URL.getHost(), URL.getPort() > 0 ? URL.getPort() : 6379), 2000);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Redis is not reachable at "
              + host()
              + (System.getenv("PLUMB_REDIS_URL") == null
                  ? " (the default; PLUMB_REDIS_URL is not set)"
                  : " (from PLUMB_REDIS_URL)")
              + ": start it, or point PLUMB_REDIS_URL at a running server",
          e);
    }
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
}
