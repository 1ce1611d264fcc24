package dev.plumb.state.redis;

import dev.plumb.testkit.actors.ReminderCrashScenario;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reminders on Redis survive a {@code kill -9} of the JVM that registered them. */
class RedisReminderCrashIT {
  @Test
  void everyReminderFiresAtLeastOnceAfterTheCrash(@TempDir Path dir) throws Exception {
    try (RedisTestSupport.PrivateRedis server = new RedisTestSupport.PrivateRedis()) {
      ReminderCrashScenario.run(
          "state.redis", "v1", Map.of("redisHost", "127.0.0.1:" + server.port), dir);
    }
  }
}
