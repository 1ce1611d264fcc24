package dev.plumb.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.workflow.WorkflowConformanceKit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.JedisPooled;

/**
 * The workflow conformance kit on Redis as the actor state store, which keeps the workflows
 * natively ({@link RedisWorkflowStore}: one Lua script per step), on a private redis-server.
 */
class RedisWorkflowConformanceIT extends WorkflowConformanceKit {
  private static RedisTestSupport.PrivateRedis server;

  @BeforeAll
  static void startServer() throws Exception {
    server = new RedisTestSupport.PrivateRedis();
  }

  @AfterAll
  static void stopServer() throws Exception {
    try (JedisPooled raw = new JedisPooled("127.0.0.1", server.port)) {
      // The scenarios ran on the native layout under their apps' ids, none on the generic one.
      assertThat(raw.keys("plumb-wf||{kit-*}||i||*")).isNotEmpty();
      assertThat(raw.keys("plumb-wf||*||meta")).isEmpty();
    } finally {
      server.close();
    }
  }

  @Override
  protected void addWorkflowStore(Plumb.Builder builder) {
    builder.component(
        "actorstore",
        "state.redis",
        Map.of("redisHost", "127.0.0.1:" + server.port, "actorStateStore", "true"));
  }
}
