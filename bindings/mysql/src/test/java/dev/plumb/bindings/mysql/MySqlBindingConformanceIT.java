package dev.plumb.bindings.mysql;

import dev.plumb.api.bindings.spi.OutputBindingComponent;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.bindings.BindingsConformanceKit;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;

/** Dapr's conformance scenarios for mysql: {@code exec}, {@code query}, {@code close}. */
class MySqlBindingConformanceIT extends BindingsConformanceKit {
  @BeforeAll
  static void server() throws Exception {
    MySqlTestDb.connect().close();
  }

  @Override
  protected AutoCloseable createComponent() throws Exception {
    return new TestComponentContext("db", "bindings.mysql", MySqlTestDb.metadata())
        .createComponent(OutputBindingComponent.class);
  }

  @Override
  protected Set<String> expectedOperations() {
    return Set.of("exec", "query", "close");
  }
}
