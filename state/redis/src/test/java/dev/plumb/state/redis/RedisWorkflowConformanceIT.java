package dev.plumb.state.redis;

import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.workflow.WorkflowConformanceKit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The workflow conformance kit on Redis as the actor state store, which keeps the workflows natively
 * ({@link RedisWorkflowStore}: one Lua script per step), on a private redis-server.
 */
class RedisWorkflowConformanceIT extends WorkflowConformanceKit {
  private static RedisTestSupport.PrivateRedis server;

  @BeforeAll
  static void startServer() throws Exception {
    server = new RedisTestSupport.PrivateRedis();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Override
  protected void addWorkflowStore(Plumb.Builder builder) {
    builder.component(
        "actorstore",
        "state.redis",
        Map.of("redisHost", "127.0.0.1:" + server.port, "actorStateStore", "true"));
  }
}
