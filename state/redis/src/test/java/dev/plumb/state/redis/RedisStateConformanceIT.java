package dev.plumb.state.redis;

import dev.plumb.api.state.ETagInvalidException;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.state.StateConformanceKit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The state conformance kit against a private redis-server, so the kit's keys never reach the
 * shared server.
 */
class RedisStateConformanceIT extends StateConformanceKit {
  private static RedisTestSupport.PrivateRedis server;
  private TestComponentContext context;

  @BeforeAll
  static void startServer() throws Exception {
    server = new RedisTestSupport.PrivateRedis();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Override
  protected StateComponent createComponent() throws Exception {
    context =
        new TestComponentContext(
            "redis-conformance", "state.redis", Map.of("redisHost", "127.0.0.1:" + server.port));
    return new RedisStateProvider().create(context);
  }

  /** Dapr's Redis store reports an etag that is not a number as invalid. */
  @Override
  protected Class<? extends Exception> malformedEtagIs() {
    return ETagInvalidException.class;
  }

  /** Redis versions are integers: a large number is an etag that never matches. */
  @Override
  protected String badEtag() {
    return "9999999";
  }

  @AfterEach
  void closeContext() {
    if (context != null) {
      context.close();
    }
  }
}
