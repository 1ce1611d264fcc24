package dev.plumb.common.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.spi.ComponentMetadata;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AzureStorageAccountTest {
  private static final String KEY = "c2VjcmV0LWtleS12YWx1ZQ==";

  private static AzureStorageAccount read(Map<String, String> values) {
    ComponentMetadata md = ComponentMetadata.of("component 'statestore'", values);
    AzureStorageAccount account = AzureStorageAccount.read(md);
    md.validate();
    return account;
  }

  private static List<String> problems(Map<String, String> values) {
    ComponentMetadata md = ComponentMetadata.of("component 'statestore'", values);
    AzureStorageAccount.read(md);
    try {
      md.validate();
      return List.of();
    } catch (ConfigurationException e) {
      assertThat(e.getMessage()).doesNotContain(KEY);
      return e.problems();
    }
  }

  @Test
  void daprAliasesAndDefaultEndpoints() {
    AzureStorageAccount a = read(Map.of("accountName", "acct", "accountKey", KEY));
    assertThat(a.name()).isEqualTo("acct");
    assertThat(a.cloud()).isEqualTo(AzureCloud.PUBLIC);
    assertThat(a.serviceUrl("table")).isEqualTo("https://acct.table.core.windows.net");
    assertThat(a.serviceUrl("blob")).isEqualTo("https://acct.blob.core.windows.net");
    for (String nameField : List.of("storageAccount", "storageAccountName")) {
      for (String keyField : List.of("accessKey", "storageAccessKey", "storageAccountKey")) {
        assertThat(read(Map.of(nameField, "other", keyField, KEY)).name()).isEqualTo("other");
      }
    }
    assertThat(a.toString()).isEqualTo("AzureStorageAccount[acct, PUBLIC]").doesNotContain(KEY);
  }

  @Test
  void azureEnvironmentSelectsTheCloudAsDaprNamesThem() {
    Map<String, AzureCloud> names =
        Map.of(
            "AzurePublicCloud", AzureCloud.PUBLIC,
            "azurepublic", AzureCloud.PUBLIC,
            "AzureChinaCloud", AzureCloud.CHINA,
            "AzureChina", AzureCloud.CHINA,
            "AzureUSGovernmentCloud", AzureCloud.US_GOVERNMENT,
            "AZUREUSGOVERNMENT", AzureCloud.US_GOVERNMENT);
    names.forEach(
        (name, cloud) ->
            assertThat(
                    read(Map.of("accountName", "a", "accountKey", KEY, "azureEnvironment", name))
                        .cloud())
                .isEqualTo(cloud));
    AzureStorageAccount china =
        read(Map.of("accountName", "a", "accountKey", KEY, "azureCloud", "AzureChinaCloud"));
    assertThat(china.serviceUrl("blob")).isEqualTo("https://a.blob.core.chinacloudapi.cn");
    assertThat(AzureCloud.US_GOVERNMENT.storageSuffix()).isEqualTo("core.usgovcloudapi.net");
    assertThat(AzureCloud.CHINA.cosmosSuffix()).isEqualTo("cosmos.azure.cn");
    assertThat(problems(Map.of("accountName", "a", "accountKey", KEY, "azureEnvironment", "Mars")))
        .containsExactly(
            "component 'statestore': metadata 'azureEnvironment': expected AzurePublicCloud,"
                + " AzureChinaCloud or AzureUSGovernmentCloud, got 'Mars'");
  }

  @Test
  void everyProblemAtOnceWithoutTheKey() {
    Map<String, String> md = new HashMap<>();
    md.put("accountKey", "not base64 " + KEY);
    md.put("azureClientId", "id");
    md.put("spnTenantId", "tenant");
    assertThat(problems(md))
        .containsExactlyInAnyOrder(
            "component 'statestore': metadata 'accountName' is required",
            "component 'statestore': metadata 'accountKey' is not base64",
            "component 'statestore': metadata 'azureClientId' (Azure AD authentication) is not"
                + " supported: authenticate with 'accountKey'",
            "component 'statestore': metadata 'spnTenantId' (Azure AD authentication) is not"
                + " supported: authenticate with 'accountKey'");
  }

  @Test
  void azureAdWithoutAKeyIsRefusedNamingTheFields() {
    assertThat(problems(Map.of("accountName", "acct", "azureClientSecret", "s3")))
        .containsExactlyInAnyOrder(
            "component 'statestore': metadata 'azureClientSecret' (Azure AD"
                + " authentication) is not supported: authenticate with 'accountKey'",
            "component 'statestore': metadata 'accountKey' is required (Azure AD"
                + " authentication is not supported)");
  }
}
