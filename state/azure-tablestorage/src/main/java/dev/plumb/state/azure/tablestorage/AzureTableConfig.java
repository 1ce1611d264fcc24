package dev.plumb.state.azure.tablestorage;

import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.common.azure.AzureStorageAccount;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;

/**
 * The component metadata of {@code state.azure.tablestorage}, with Dapr's field names and aliases:
 * the account through {@link AzureStorageAccount}, then the table's fields.
 *
 * @param account the storage (or Cosmos DB) account and its key
 * @param tableName the table
 * @param cosmosDbMode whether the account is a Cosmos DB Table API account
 * @param serviceUrl the table service endpoint, explicit or derived from the account
 * @param skipCreateTable whether start-up leaves a missing table alone
 */
record AzureTableConfig(
    AzureStorageAccount account,
    String tableName,
    boolean cosmosDbMode,
    String serviceUrl,
    boolean skipCreateTable) {

  static final List<String> TABLE_NAME = List.of("tableName", "table", "storageAccountTable");
  static final String COSMOS_DB_MODE = "cosmosDbMode";
  static final String SERVICE_URL = "serviceURL";
  static final String SKIP_CREATE_TABLE = "skipCreateTable";

  /**
   * Reads and validates every field.
   *
   * @param md the component metadata
   * @return the configuration
   * @throws dev.plumb.api.ConfigurationException listing every problem
   */
  static AzureTableConfig from(ComponentMetadata md) {
    AzureStorageAccount account = AzureStorageAccount.read(md);
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
    } else if (account.name() != null) {
      serviceUrl =
          cosmosDbMode
              ? "https://" + account.name() + ".table." + account.cloud().cosmosSuffix()
              : account.serviceUrl("table");
    }
    boolean skipCreateTable = md.getBoolean(SKIP_CREATE_TABLE, false);
    md.validate();
    return new AzureTableConfig(account, tableName, cosmosDbMode, serviceUrl, skipCreateTable);
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
    return "AzureTableConfig[account="
        + account
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
