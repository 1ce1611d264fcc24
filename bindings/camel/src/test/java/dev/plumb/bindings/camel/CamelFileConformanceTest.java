package dev.plumb.bindings.camel;

import dev.plumb.api.bindings.spi.InputOutputBindingComponent;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.bindings.BindingsConformanceKit;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bindings kit on Camel's {@code file:} component: {@code create} writes a file named by the
 * request's {@code fileName}, {@code get} and {@code delete} poll it (keeping or deleting it), and
 * the input route consumes the folder; a file whose handler failed stays, and is read again.
 */
class CamelFileConformanceTest extends BindingsConformanceKit {
  @TempDir Path dir;

  @Override
  protected AutoCloseable createComponent() throws Exception {
    String folder = "file:" + dir;
    String byName = folder + "?fileName=${header.fileName}&idempotent=false&initialDelay=0";
    Map<String, String> md = new HashMap<>();
    md.put("operations", "create,get,delete");
    md.put("uri", folder + "?fileName=${header.fileName}&tempPrefix=.inprogress-");
    md.put("exchangePattern", "InOnly");
    md.put("operation.get.uri", byName + "&noop=true");
    md.put("operation.get.exchangePattern", "Poll");
    md.put("operation.delete.uri", byName + "&delete=true");
    md.put("operation.delete.exchangePattern", "Poll");
    md.put("pollTimeout", "300ms");
    md.put("inputUri", folder + "?initialDelay=0&delay=100");
    return new TestComponentContext("files", "bindings.camel", md)
        .createComponent(InputOutputBindingComponent.class);
  }

  @Override
  protected Set<String> expectedOperations() {
    return Set.of("create", "get", "delete");
  }

  @Override
  protected Map<String, String> outputMetadata() {
    return Map.of("fileName", "conformance-" + UUID.randomUUID() + ".json");
  }

  @Override
  protected boolean redeliversFailedEvents() {
    return true;
  }
}
