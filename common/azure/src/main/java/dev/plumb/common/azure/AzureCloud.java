package dev.plumb.common.azure;

import dev.plumb.api.spi.ComponentMetadata;
import java.util.Locale;
import java.util.Optional;

/**
 * The Azure cloud a component talks to, from Dapr's {@code azureEnvironment} field (alias {@code
 * azureCloud}; {@code common/authentication/azure/auth.go}): it decides the DNS suffix of the
 * default service endpoints.
 */
public enum AzureCloud {
  /** {@code AzurePublicCloud} (or {@code AzurePublic}), the default. */
  PUBLIC("core.windows.net", "cosmos.azure.com"),
  /** {@code AzureChinaCloud} (or {@code AzureChina}). */
  CHINA("core.chinacloudapi.cn", "cosmos.azure.cn"),
  /** {@code AzureUSGovernmentCloud} (or {@code AzureUSGovernment}). */
  US_GOVERNMENT("core.usgovcloudapi.net", "cosmos.azure.us");

  private final String storageSuffix;
  private final String cosmosSuffix;

  AzureCloud(String storageSuffix, String cosmosSuffix) {
    this.storageSuffix = storageSuffix;
    this.cosmosSuffix = cosmosSuffix;
  }

  /**
   * Reads {@code azureEnvironment} (alias {@code azureCloud}), matching Dapr's names without regard
   * to case; an unknown name is recorded as a problem on {@code md}.
   *
   * @param md the component's metadata
   * @return the cloud, {@link #PUBLIC} when absent or unknown
   */
  static AzureCloud read(ComponentMetadata md) {
    Optional<String> environment = md.getString("azureEnvironment");
    Optional<String> cloud = md.getString("azureCloud");
    String field = environment.isPresent() ? "azureEnvironment" : "azureCloud";
    String name = environment.or(() -> cloud).orElse("AzurePublicCloud");
    switch (name.toLowerCase(Locale.ROOT)) {
      case "azurepubliccloud":
      case "azurepublic":
        return PUBLIC;
      case "azurechinacloud":
      case "azurechina":
        return CHINA;
      case "azureusgovernmentcloud":
      case "azureusgovernment":
        return US_GOVERNMENT;
      default:
        md.addProblem(
            "metadata '"
                + field
                + "': expected AzurePublicCloud, AzureChinaCloud or AzureUSGovernmentCloud, got '"
                + name
                + "'");
        return PUBLIC;
    }
  }

  /**
   * Returns the DNS suffix of Azure Storage endpoints in this cloud.
   *
   * @return for example {@code core.windows.net}
   */
  public String storageSuffix() {
    return storageSuffix;
  }

  /**
   * Returns the DNS suffix of Cosmos DB endpoints in this cloud.
   *
   * @return for example {@code cosmos.azure.com}
   */
  public String cosmosSuffix() {
    return cosmosSuffix;
  }
}
