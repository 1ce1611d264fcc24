package dev.plumb.bindings.camel;

import dev.plumb.api.bindings.spi.InputOutputBindingComponent;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.bindings.BindingsConformanceKit;
import java.util.Map;
import java.util.Set;

/**
 * The bindings kit on Camel's {@code direct:} endpoint, written and read by one binding: {@code
 * create} is a synchronous call of the reading route.
 */
class CamelDirectConformanceTest extends BindingsConformanceKit {
  @Override
  protected AutoCloseable createComponent() throws Exception {
    return new TestComponentContext(
            "direct",
            "bindings.camel",
            Map.of(
                "uri", "direct:conformance?block=false&failIfNoConsumers=false",
                "inputUri", "direct:conformance"))
        .createComponent(InputOutputBindingComponent.class);
  }

  @Override
  protected Set<String> expectedOperations() {
    return Set.of("create");
  }
}
