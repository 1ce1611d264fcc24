package dev.plumb.secrets.hashicorp.vault;

import dev.plumb.api.secrets.spi.SecretStoreComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentProvider;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates {@code secretstores.hashicorp.vault} components: Dapr's Vault secret store over Vault's
 * HTTP API with the JDK's {@code HttpClient}. Metadata, with Dapr's names and defaults: {@code
 * vaultAddr} ({@code https://127.0.0.1:8200}), {@code vaultToken} or {@code vaultTokenMountPath}
 * (exactly one), {@code vaultKVUsePrefix} ({@code true}), {@code vaultKVPrefix} ({@code dapr}),
 * {@code enginePath} ({@code secret}), {@code vaultValueType} ({@code map} or {@code text}), {@code
 * caPem}, {@code caPath}, {@code caCert}, {@code skipVerify}, {@code tlsServerName}; and Plumb's
 * {@code vaultKVVersion} ({@code 2}, Dapr's layout, or {@code 1}). Behaviour and differences from
 * Dapr: {@code docs/components/secretstores-hashicorp-vault.md}. Found through {@link
 * java.util.ServiceLoader}; thread-safe.
 */
public final class VaultSecretStoreProvider implements ComponentProvider<SecretStoreComponent> {
  private static final Logger LOG = LoggerFactory.getLogger(VaultSecretStoreProvider.class);

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public VaultSecretStoreProvider() {}

  @Override
  public String type() {
    return "secretstores.hashicorp.vault";
  }

  @Override
  public Class<SecretStoreComponent> componentClass() {
    return SecretStoreComponent.class;
  }

  /**
   * Reads the metadata and the token file, builds the HTTP client. Contacts nothing: Vault is first
   * asked on a read or a ping.
   *
   * @param context the component's identity and metadata
   * @return the store
   * @throws dev.plumb.api.ConfigurationException if the metadata, the token file or a certificate
   *     is invalid
   */
  @Override
  public SecretStoreComponent create(ComponentContext context) {
    VaultConfig config = VaultConfig.from(context.metadata());
    String owner = "component '" + context.name() + "' (" + context.type() + ")";
    if (config.tls().skipVerify()) {
      LOG.warn("{}: 'skipVerify' is true: the Vault server's certificate is not checked", owner);
    }
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .executor(context.blockingExecutor());
    SSLContext ssl = VaultTls.context(config.tls(), owner);
    if (ssl != null) {
      b.sslContext(ssl);
      if (config.tls().serverName() != null && !config.tls().skipVerify()) {
        SSLParameters params = ssl.getDefaultSSLParameters();
        params.setServerNames(List.of(new SNIHostName(config.tls().serverName())));
        b.sslParameters(params);
      }
    }
    return new VaultSecretStoreComponent(owner, config, b.build());
  }
}
