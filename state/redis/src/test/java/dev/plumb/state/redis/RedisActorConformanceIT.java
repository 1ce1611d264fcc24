package dev.plumb.state.redis;

import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.actors.ActorConformanceKit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The actor conformance kit with Redis as the actor state store (and its native reminder index), on
 * a private redis-server so the kit's keys never reach the shared one.
 */
class RedisActorConformanceIT extends ActorConformanceKit {
  private static RedisTestSupport.PrivateRedis server;
  private static TestComponentContext rawContext;
  private static StateComponent raw;

  @BeforeAll
  static void startServer() throws Exception {
    server = new RedisTestSupport.PrivateRedis();
    rawContext = new TestComponentContext("raw", "state.redis", Map.of("redisHost", host()));
    raw = new RedisStateProvider().create(rawContext);
  }

  @AfterAll
  static void stopServer() throws Exception {
    raw.close();
    rawContext.close();
    server.close();
  }

  private static String host() {
    return "127.0.0.1:" + server.port;
  }

  @Override
  protected void addActorStateStore(Plumb.Builder builder) {
    builder.component(
        "actorstore", "state.redis", Map.of("redisHost", host(), "actorStateStore", "true"));
  }

  @Override
  protected StateComponent rawStore() {
    return raw;
  }
}
