package dev.plumb.state.redis;

import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.testkit.state.StateRestartScenario;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Restarts a private redis-server while a loop writes (the shared server is never touched): every
 * write either succeeded and is readable afterwards, or threw; the component reconnects by itself.
 */
class ServerRestartIT {

  @Test
  void writesDuringARestartSucceedOrThrowAndTheStoreReconnects() throws Exception {
    try (RedisTestSupport.PrivateRedis server = new RedisTestSupport.PrivateRedis()) {
      Map<String, String> md =
          Map.of(
              "redisHost", "127.0.0.1:" + server.port, "dialTimeout", "300ms", "readTimeout", "1s");
      try (StateComponent store = RedisTestSupport.create(md)) {
        // Without persistence a restart loses the data: only later writes can be checked.
        StateRestartScenario.run(store, server::stop, server::start, false);
      }
    }
  }
}
