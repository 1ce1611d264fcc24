package dev.plumb.bindings.localstorage;

import dev.plumb.api.bindings.spi.OutputBindingComponent;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.bindings.BindingsConformanceKit;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class LocalStorageBindingConformanceTest extends BindingsConformanceKit {
  @TempDir Path root;
  private TestComponentContext context;

  @Override
  protected AutoCloseable createComponent() throws Exception {
    context =
        new TestComponentContext(
            "files", "bindings.localstorage", Map.of("rootPath", root.toString()));
    return context.createComponent(OutputBindingComponent.class);
  }

  @AfterEach
  void closeContext() {
    context.close();
  }

  @Override
  protected Set<String> expectedOperations() {
    return Set.of("create", "get", "list", "delete");
  }

  @Override
  protected Map<String, String> outputMetadata() {
    return Map.of("fileName", "conformance/" + UUID.randomUUID() + ".json");
  }
}
