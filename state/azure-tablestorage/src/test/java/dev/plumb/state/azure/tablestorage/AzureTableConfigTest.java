package dev.plumb.state.azure.tablestorage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.spi.ComponentMetadata;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AzureTableConfigTest {
  private static final String KEY = "c2VjcmV0LWtleS12YWx1ZQ==";

  private static AzureTableConfig parse(Map<String, String> values) {
    return AzureTableConfig.from(ComponentMetadata.of("component 'statestore'", values));
  }

  @Test
  void derivesTheServiceUrlFromTheAccountAsDaprDoes() {
    AzureTableConfig storage =
        parse(Map.of("accountName", "acct", "accountKey", KEY, "tableName", "Orders"));
    assertThat(storage.serviceUrl()).isEqualTo("https://acct.table.core.windows.net");
    assertThat(storage.cosmosDbMode()).isFalse();
    assertThat(storage.skipCreateTable()).isFalse();

    AzureTableConfig cosmos =
        parse(
            Map.of(
                "storageAccountName", "acct",
                "storageAccountKey", KEY,
                "table", "Orders",
                "cosmosDbMode", "true",
                "skipCreateTable", "true"));
    assertThat(cosmos.serviceUrl()).isEqualTo("https://acct.table.cosmos.azure.com");
    assertThat(cosmos.tableName()).isEqualTo("Orders");
    assertThat(cosmos.skipCreateTable()).isTrue();

    AzureTableConfig explicit =
        parse(
            Map.of(
                "accountName", "acct",
                "accountKey", KEY,
                "tableName", "Orders",
                "serviceURL", "https://acct.table.core.chinacloudapi.cn/"));
    assertThat(explicit.serviceUrl()).isEqualTo("https://acct.table.core.chinacloudapi.cn/");
    assertThat(explicit.toString()).doesNotContain(KEY);

    AzureTableConfig china =
        parse(
            Map.of(
                "accountName", "acct",
                "accountKey", KEY,
                "tableName", "Orders",
                "azureEnvironment", "AzureChinaCloud"));
    assertThat(china.serviceUrl()).isEqualTo("https://acct.table.core.chinacloudapi.cn");
    AzureTableConfig chinaCosmos =
        parse(
            Map.of(
                "accountName", "acct",
                "accountKey", KEY,
                "tableName", "Orders",
                "cosmosDbMode", "true",
                "azureEnvironment", "AzureChinaCloud"));
    assertThat(chinaCosmos.serviceUrl()).isEqualTo("https://acct.table.cosmos.azure.cn");
  }

  @Test
  void reportsEveryProblemAtOnceWithoutTheKey() {
    Map<String, String> md = new HashMap<>();
    md.put("tableName", "1-bad");
    md.put("accountKey", "not base64 " + KEY);
    md.put("azureClientId", "id");
    md.put("azureTenantId", "tenant");
    md.put("cosmosDbMode", "maybe");
    md.put("serviceURL", "ftp://x");
    assertThatThrownBy(() -> parse(md))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> {
              assertThat(e.problems())
                  .hasSize(7)
                  .anySatisfy(p -> assertThat(p).contains("'accountName' is required"))
                  .anySatisfy(p -> assertThat(p).contains("'tableName' must be 3 to 63"))
                  .anySatisfy(p -> assertThat(p).contains("'accountKey' is not base64"))
                  .anySatisfy(p -> assertThat(p).contains("'azureClientId' (Azure AD"))
                  .anySatisfy(p -> assertThat(p).contains("'azureTenantId' (Azure AD"))
                  .anySatisfy(p -> assertThat(p).contains("cosmosDbMode"))
                  .anySatisfy(p -> assertThat(p).contains("'serviceURL' is not an http(s) URL"))
                  .allSatisfy(p -> assertThat(p).startsWith("component 'statestore'"));
              assertThat(e.getMessage()).doesNotContain(KEY);
            });
  }
}
