package dev.plumb.bindings.camel;

import dev.plumb.api.bindings.spi.InputOutputBindingComponent;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.bindings.BindingsConformanceKit;
import java.util.Map;
import java.util.Set;

/** The bindings kit on Camel's {@code seda:} queue, written InOnly and read by a route. */
class CamelSedaConformanceTest extends BindingsConformanceKit {
  @Override
  protected AutoCloseable createComponent() throws Exception {
    return new TestComponentContext(
            "seda",
            "bindings.camel",
            Map.of(
                "uri", "seda:conformance",
                "exchangePattern", "InOnly",
                "inputUri", "seda:conformance"))
        .createComponent(InputOutputBindingComponent.class);
  }

  @Override
  protected Set<String> expectedOperations() {
    return Set.of("create");
  }
}
