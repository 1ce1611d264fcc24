package dev.plumb.pubsub.redis;

import dev.plumb.testkit.pubsub.PubSubConformanceKit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The pub/sub conformance kit against {@code pubsub.redis} on a real, private redis-server, with
 * Dapr's conformance settings: a short {@code processingTimeout} and {@code redeliverInterval} so
 * that given-back entries come back quickly.
 */
class RedisPubSubConformanceIT extends PubSubConformanceKit {
  private static PrivateRedis redis;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = new PrivateRedis();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @Override
  protected String type() {
    return "pubsub.redis";
  }

  @Override
  protected Map<String, String> metadata() {
    Map<String, String> md = new LinkedHashMap<>(redis.metadata());
    md.put("processingTimeout", "2s");
    md.put("redeliverInterval", "500ms");
    return md;
  }
}
