package dev.plumb.bindings.postgresql;

import dev.plumb.api.bindings.spi.OutputBindingComponent;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.bindings.BindingsConformanceKit;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;

/** Dapr's conformance configuration for postgresql: {@code exec}, {@code query}, {@code close}. */
class PostgresqlBindingConformanceIT extends BindingsConformanceKit {
  @BeforeAll
  static void server() throws Exception {
    PostgresTestDb.check();
  }

  @Override
  protected AutoCloseable createComponent() throws Exception {
    return new TestComponentContext("db", "bindings.postgresql", PostgresTestDb.metadata())
        .createComponent(OutputBindingComponent.class);
  }

  @Override
  protected Set<String> expectedOperations() {
    return Set.of("exec", "query", "close");
  }
}
