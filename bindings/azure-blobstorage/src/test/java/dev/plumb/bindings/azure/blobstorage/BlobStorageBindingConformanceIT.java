package dev.plumb.bindings.azure.blobstorage;

import dev.plumb.api.bindings.spi.OutputBindingComponent;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.bindings.BindingsConformanceKit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Dapr's conformance configuration for azure.blobstorage ({@code create}, {@code operations},
 * {@code get}, {@code list}) and, since the binding lists it, {@code delete}, against Azurite.
 */
class BlobStorageBindingConformanceIT extends BindingsConformanceKit {
  @Override
  protected AutoCloseable createComponent() throws Exception {
    return new TestComponentContext("blobs", "bindings.azure.blobstorage", AzuriteBlob.metadata())
        .createComponent(OutputBindingComponent.class);
  }

  @Override
  protected Set<String> expectedOperations() {
    return Set.of(
        "create", "get", "delete", "list", "bulkGet", "bulkCreate", "bulkDelete", "presign");
  }

  /** An object, since {@code list} reads the data as its query, as Dapr's configuration has it. */
  @Override
  protected String outputData() {
    return "{\"maxResults\": 10}";
  }

  @Override
  protected Map<String, String> outputMetadata() {
    return Map.of("blobName", "conformance-" + UUID.randomUUID());
  }
}
