package dev.plumb.bindings.http;

import dev.plumb.api.bindings.spi.OutputBindingComponent;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.bindings.BindingsConformanceKit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * Dapr's conformance configuration for http ({@code create}, {@code operations}) and, since the
 * binding lists them, {@code get} and {@code delete}, against a server that keeps what is posted
 * (Dapr's suite starts the same kind of server).
 */
class HttpBindingConformanceTest extends BindingsConformanceKit {
  private static TestHttpServer server;
  private TestComponentContext context;

  @BeforeAll
  static void startServer() throws Exception {
    server = TestHttpServer.http();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Override
  protected AutoCloseable createComponent() throws Exception {
    context = new TestComponentContext("api", "bindings.http", Map.of("url", server.url()));
    return context.createComponent(OutputBindingComponent.class);
  }

  @AfterEach
  void closeContext() {
    context.close();
  }

  @Override
  protected Set<String> expectedOperations() {
    return Set.of("create", "get", "head", "post", "put", "patch", "delete", "options", "trace");
  }

  @Override
  protected Map<String, String> outputMetadata() {
    return Map.of("path", "store/" + UUID.randomUUID());
  }
}
