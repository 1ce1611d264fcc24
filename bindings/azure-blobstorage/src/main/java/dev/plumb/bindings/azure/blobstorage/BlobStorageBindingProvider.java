package dev.plumb.bindings.azure.blobstorage;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.PublicAccessType;
import com.azure.storage.blob.options.BlobContainerCreateOptions;
import dev.plumb.api.bindings.spi.OutputBindingComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import dev.plumb.common.azure.AzureStorageAccount;
import java.util.Locale;

/**
 * The {@code bindings.azure.blobstorage} provider (version {@code v1}): Dapr's storage account
 * fields ({@code accountName}, {@code accountKey} and their aliases, {@code azureEnvironment}) read
 * by {@code plumb-common-azure}, and the binding's own: {@code containerName} (required), {@code
 * endpoint} (Azurite or another emulator; else the account's blob endpoint), {@code
 * publicAccessLevel} ({@code none}, {@code blob}, {@code container}), {@code decodeBase64}, {@code
 * disableEntityManagement} (do not create the container). The container is created at build if
 * missing. See {@code docs/components/bindings-azure-blobstorage.md}.
 *
 * <p>Stateless and thread-safe; discovered through {@link java.util.ServiceLoader}.
 */
public final class BlobStorageBindingProvider implements ComponentProvider<OutputBindingComponent> {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public BlobStorageBindingProvider() {}

  @Override
  public String type() {
    return "bindings.azure.blobstorage";
  }

  @Override
  public Class<OutputBindingComponent> componentClass() {
    return OutputBindingComponent.class;
  }

  /**
   * Reads the metadata, builds the client and creates the container unless told not to.
   *
   * @param context the component's name, metadata and runtime services
   * @return the binding
   * @throws dev.plumb.api.ConfigurationException if the metadata is invalid
   * @throws com.azure.storage.blob.models.BlobStorageException if the service refuses the container
   */
  @Override
  public OutputBindingComponent create(ComponentContext context) {
    ComponentMetadata md = context.metadata();
    AzureStorageAccount account = AzureStorageAccount.read(md);
    String containerName = md.requireString("containerName");
    String endpoint = md.getString("endpoint").orElse(null);
    String access = md.getString("publicAccessLevel", "none").toLowerCase(Locale.ROOT);
    PublicAccessType publicAccess =
        switch (access) {
          case "none" -> null;
          case "blob" -> PublicAccessType.BLOB;
          case "container" -> PublicAccessType.CONTAINER;
          default -> {
            md.addProblem(
                "metadata 'publicAccessLevel' must be none, blob or container, got '"
                    + access
                    + "'");
            yield null;
          }
        };
    boolean decodeBase64 = md.getBoolean("decodeBase64", false);
    boolean manage = !md.getBoolean("disableEntityManagement", false);
    md.validate();
    String service =
        endpoint != null
            ? endpoint.replaceAll("/+$", "") + "/" + account.name()
            : account.serviceUrl("blob");
    BlobContainerClient container =
        account
            .configure(new BlobServiceClientBuilder(), service)
            .buildClient()
            .getBlobContainerClient(containerName);
    if (manage) {
      container.createIfNotExistsWithResponse(
          new BlobContainerCreateOptions().setPublicAccessType(publicAccess), null, null);
    }
    return new BlobStorageBindingComponent(container, decodeBase64, context.blockingExecutor());
  }
}
