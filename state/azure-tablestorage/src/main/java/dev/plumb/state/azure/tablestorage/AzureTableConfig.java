package dev.plumb.state.azure.tablestorage;

import dev.plumb.api.spi.ComponentMetadata;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The component metadata of {@code state.azure.tablestorage}, with Dapr's field names and aliases.
 *
 * @param accountName the storage (or Cosmos DB) account name
 * @param accountKey the shared account key, base64; never printed
 * @param tableName the table
 * @param cosmosDbMode whether the account is a Cosmos DB Table API account
 * @param serviceUrl the table service endpoint, explicit or derived from the account name
 * @param skipCreateTable whether start-up leaves a missing table alone
 */
record AzureTableConfig(
    String accountName,
    String accountKey,
    String tableName,
    boolean cosmosDbMode,
    String serviceUrl,
    boolean skipCreateTable) {

  static final List<String> ACCOUNT_NAME =
      List.of("accountName", "storageAccount", "storageAccountName");
  static final List<String> ACCOUNT_KEY =
      List.of("accountKey", "accessKey", "storageAccessKey", "storageAccountKey");
  static final List<String> TABLE_NAME = List.of("tableName", "table", "storageAccountTable");
  static final String COSMOS_DB_MODE = "cosmosDbMode";
  static final String SERVICE_URL = "serviceURL";
  static final String SKIP_CREATE_TABLE = "skipCreateTable";

  /** Dapr's Azure AD fields (all aliases): this port authenticates with the account key only. */
  static final List<String> AZURE_AD_FIELDS =
      List.of(
          "azureClientId",
          "spnClientId",
          "clientId",
          "azureClientSecret",
          "spnClientSecret",
          "clientSecret",
          "azureTenantId",
          "spnTenantId",
          "tenantId",
          "azureCertificate",
          "spnCertificate",
          "azureCertificateFile",
          "spnCertificateFile",
          "azureCertificatePassword",
          "spnCertificatePassword",
          "azureEnvironment",
          "azureCloud",
          "azureAuthMethods",
          "azureADAuthMethods",
          "entraIDAuthMethods",
          "microsoftEntraIDAuthMethods");

  /**
   * Reads and validates every field.
   *
   * @param md the component metadata
   * @return the configuration
   * @throws dev.plumb.api.ConfigurationException listing every problem
   */
  static AzureTableConfig from(ComponentMetadata md) {
    String accountName = first(md, ACCOUNT_NAME).orElse(null);
    if (accountName == null) {
      md.addProblem("metadata '" + ACCOUNT_NAME.get(0) + "' is required");
    }
    String tableName = first(md, TABLE_NAME).orElse(null);
    if (tableName == null) {
      md.addProblem("metadata '" + TABLE_NAME.get(0) + "' is required");
    } else if (!tableName.matches("[A-Za-z][A-Za-z0-9]{2,62}")) {
      md.addProblem(
          "metadata '"
              + TABLE_NAME.get(0)
              + "' must be 3 to 63 letters and digits, starting with a letter, got '"
              + tableName
              + "'");
    }
    for (String field : AZURE_AD_FIELDS) {
      if (md.has(field)) {
        md.addProblem(
            "metadata '"
                + field
                + "' (Azure AD authentication) is not supported: authenticate with '"
                + ACCOUNT_KEY.get(0)
                + "'");
      }
    }
    String accountKey = first(md, ACCOUNT_KEY).orElse(null);
    if (accountKey == null) {
      md.addProblem(
          "metadata '"
              + ACCOUNT_KEY.get(0)
              + "' is required (Azure AD authentication is not supported)");
    } else {
      try {
        Base64.getDecoder().decode(accountKey);
      } catch (IllegalArgumentException e) {
        md.addProblem("metadata '" + ACCOUNT_KEY.get(0) + "' is not base64");
      }
    }
    boolean cosmosDbMode = md.getBoolean(COSMOS_DB_MODE, false);
    String serviceUrl = md.getString(SERVICE_URL).orElse(null);
    if (serviceUrl != null) {
      try {
        URI uri = new URI(serviceUrl);
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())
            || uri.getHost() == null) {
          throw new URISyntaxException(serviceUrl, "not an http(s) URL");
        }
      } catch (URISyntaxException e) {
        md.addProblem(
            "metadata '" + SERVICE_URL + "' is not an http(s) URL, got '" + serviceUrl + "'");
      }
    } else if (accountName != null) {
      serviceUrl =
          cosmosDbMode
              ? "https://" + accountName + ".table.cosmos.azure.com"
              : "https://" + accountName + ".table.core.windows.net";
    }
    boolean skipCreateTable = md.getBoolean(SKIP_CREATE_TABLE, false);
    md.validate();
    return new AzureTableConfig(
        accountName, accountKey, tableName, cosmosDbMode, serviceUrl, skipCreateTable);
  }

  private static Optional<String> first(ComponentMetadata md, List<String> names) {
    for (String name : names) {
      Optional<String> v = md.getString(name);
      if (v.isPresent()) {
        return v;
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "AzureTableConfig[accountName="
        + accountName
        + ", tableName="
        + tableName
        + ", cosmosDbMode="
        + cosmosDbMode
        + ", serviceURL="
        + serviceUrl
        + ", skipCreateTable="
        + skipCreateTable
        + "]";
  }
}
