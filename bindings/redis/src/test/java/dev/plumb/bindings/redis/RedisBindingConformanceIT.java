package dev.plumb.bindings.redis;

import dev.plumb.api.bindings.spi.OutputBindingComponent;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.bindings.BindingsConformanceKit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;

/** Dapr's conformance configuration for redis ({@code create}, {@code operations}, key uuid). */
class RedisBindingConformanceIT extends BindingsConformanceKit {
  @BeforeAll
  static void server() {
    RedisTestServer.check();
  }

  @Override
  protected AutoCloseable createComponent() throws Exception {
    return new TestComponentContext("cache", "bindings.redis", RedisTestServer.metadata())
        .createComponent(OutputBindingComponent.class);
  }

  @Override
  protected Set<String> expectedOperations() {
    return Set.of("create", "get", "delete", "increment");
  }

  @Override
  protected Map<String, String> outputMetadata() {
    return Map.of("key", "plumb-conformance-" + UUID.randomUUID());
  }
}
