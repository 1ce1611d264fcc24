package dev.plumb.state.redis;

import dev.plumb.testkit.workflow.WorkflowCrashScenario;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workflows on Redis survive JVMs killed with {@code kill -9} at random points. */
class RedisWorkflowCrashIT {
  @Test
  void everyWorkflowCompletesOnceAfterRepeatedKills(@TempDir Path dir) throws Exception {
    try (RedisTestSupport.PrivateRedis server = new RedisTestSupport.PrivateRedis()) {
      WorkflowCrashScenario.run(
          "state.redis", "v1", Map.of("redisHost", "127.0.0.1:" + server.port), dir, 1_000, 20);
    }
  }
}
