package dev.plumb.common.azure;

import com.azure.core.client.traits.AzureNamedKeyCredentialTrait;
import com.azure.core.client.traits.EndpointTrait;
import com.azure.core.client.traits.HttpTrait;
import com.azure.core.credential.AzureNamedKeyCredential;
import com.azure.core.http.okhttp.OkHttpAsyncHttpClientBuilder;
import dev.plumb.api.spi.ComponentMetadata;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * An Azure Storage (or Cosmos DB Table API) account and its shared key, read with Dapr's field
 * names and aliases ({@code common/authentication/azure/metadata-properties.go}): {@code
 * accountName} ({@code storageAccount}, {@code storageAccountName}), {@code accountKey} ({@code
 * accessKey}, {@code storageAccessKey}, {@code storageAccountKey}) and {@code azureEnvironment}
 * ({@code azureCloud}). Shared-key authentication only: Dapr's Microsoft Entra ID fields ({@code
 * azureClientId}, {@code azureClientSecret}, {@code azureTenantId}, {@code azureCertificate*},
 * {@code azureAuthMethods} and their {@code spn*} and legacy aliases) are each reported as not
 * supported. Tables, Blob and Queue providers configure their Azure SDK client builders here.
 *
 * <p>Immutable and thread-safe. The key never reaches {@link #toString()} or a problem message.
 */
public final class AzureStorageAccount {
  static final List<String> ACCOUNT_NAME =
      List.of("accountName", "storageAccount", "storageAccountName");
  static final List<String> ACCOUNT_KEY =
      List.of("accountKey", "accessKey", "storageAccessKey", "storageAccountKey");

  /** Dapr's Entra ID (Azure AD) fields, every alias: only shared keys are supported. */
  static final List<String> ENTRA_ID_FIELDS =
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
          "azureAuthMethods",
          "azureADAuthMethods",
          "entraIDAuthMethods",
          "microsoftEntraIDAuthMethods");

  private final String name;
  private final String key;
  private final AzureCloud cloud;

  private AzureStorageAccount(ComponentMetadata md) {
    this.name = first(md, ACCOUNT_NAME).orElse(null);
    if (name == null) {
      md.addProblem("metadata '" + ACCOUNT_NAME.get(0) + "' is required");
    }
    for (String field : ENTRA_ID_FIELDS) {
      if (md.has(field)) {
        md.addProblem(
            "metadata '"
                + field
                + "' (Azure AD authentication) is not supported: authenticate with '"
                + ACCOUNT_KEY.get(0)
                + "'");
      }
    }
    this.key = first(md, ACCOUNT_KEY).orElse(null);
    if (key == null) {
      md.addProblem(
          "metadata '"
              + ACCOUNT_KEY.get(0)
              + "' is required (Azure AD authentication is not supported)");
    } else {
      try {
        Base64.getDecoder().decode(key);
      } catch (IllegalArgumentException e) {
        md.addProblem("metadata '" + ACCOUNT_KEY.get(0) + "' is not base64");
      }
    }
    this.cloud = AzureCloud.read(md);
  }

  /**
   * Reads the account fields. Problems (a missing name or key, a key that is not base64, an Entra
   * ID field, an unknown cloud) are recorded on {@code md}: the provider reads its own fields next
   * and then calls {@link ComponentMetadata#validate()}, which reports them all in one {@link
   * dev.plumb.api.ConfigurationException}.
   *
   * @param md the component's metadata; not {@code null}
   * @return the account; only meaningful once {@code md.validate()} has passed
   */
  public static AzureStorageAccount read(ComponentMetadata md) {
    return new AzureStorageAccount(md);
  }

  private static Optional<String> first(ComponentMetadata md, List<String> names) {
    Optional<String> found = Optional.empty();
    for (String n : names) {
      Optional<String> v = md.getString(n);
      if (found.isEmpty()) {
        found = v;
      }
    }
    return found;
  }

  /**
   * Returns the account name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the cloud from {@code azureEnvironment}.
   *
   * @return the cloud, {@link AzureCloud#PUBLIC} by default
   */
  public AzureCloud cloud() {
    return cloud;
  }

  /**
   * Returns the account's default endpoint for one storage service, as Dapr derives it.
   *
   * @param service {@code table}, {@code blob} or {@code queue}
   * @return {@code https://<account>.<service>.<cloud's storage suffix>}
   */
  public String serviceUrl(String service) {
    return "https://" + name + "." + service + "." + cloud.storageSuffix();
  }

  /**
   * Sets the endpoint, the shared-key credential and the HTTP transport on an Azure SDK client
   * builder, for example {@code new TableServiceClientBuilder()}. The transport is OkHttp (the JDK
   * HttpClient transport logs a warning on every request with a body), one connection pool per
   * builder.
   *
   * @param <B> the builder type
   * @param builder the builder; other settings are left alone
   * @param endpoint the service endpoint: {@link #serviceUrl(String)} or the provider's override
   * @return {@code builder}
   */
  public <B extends AzureNamedKeyCredentialTrait<B> & EndpointTrait<B> & HttpTrait<B>> B configure(
      B builder, String endpoint) {
    builder.endpoint(endpoint);
    builder.credential(new AzureNamedKeyCredential(name, key));
    builder.httpClient(new OkHttpAsyncHttpClientBuilder().build());
    return builder;
  }

  /**
   * Describes the account without its key.
   *
   * @return the account name and cloud
   */
  @Override
  public String toString() {
    return "AzureStorageAccount[" + name + ", " + cloud + "]";
  }
}
