package dev.plumb.bindings.aws.s3;

import dev.plumb.api.bindings.spi.OutputBindingComponent;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.bindings.BindingsConformanceKit;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/**
 * Dapr's conformance configuration for aws.s3 ({@code create}, {@code operations}, {@code get},
 * {@code list}) and, since the binding lists it, {@code delete}, against S3Mock.
 */
class S3BindingConformanceIT extends BindingsConformanceKit {
  private TestComponentContext context;

  @Override
  protected AutoCloseable createComponent() throws Exception {
    context = new TestComponentContext("s3", "bindings.aws.s3", S3Mock.metadata());
    return context.createComponent(OutputBindingComponent.class);
  }

  @AfterEach
  void closeContext() {
    context.close();
  }

  @Override
  protected Set<String> expectedOperations() {
    return Set.of(
        "create", "get", "delete", "list", "presign", "bulkGet", "bulkCreate", "bulkDelete");
  }

  /** Dapr's configuration for S3: an object, since {@code list} reads the data as its query. */
  @Override
  protected String outputData() {
    return "{\"maxResults\": 10}";
  }

  @Override
  protected Map<String, String> outputMetadata() {
    return Map.of("key", S3Mock.key());
  }
}
