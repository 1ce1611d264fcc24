package dev.plumb.secrets.hashicorp.vault;

import dev.plumb.api.secrets.spi.SecretStoreComponent;
import dev.plumb.testkit.secrets.SecretStoreConformanceKit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code secretstores.hashicorp.vault} passes the secrets kit against the fake of Vault's HTTP API
 * (KV version 2 at {@code secret/}, Dapr's default layout), as Dapr's conformance run puts its
 * fixture: {@code secret/<prefix>/conftestsecret} with {@code conftestsecret=abcd}, and so on.
 */
@ExtendWith(VaultApiFake.Resolver.class)
class VaultSecretStoreConformanceAgainstApiFakeIT extends SecretStoreConformanceKit {
  private static VaultApiFake vault;
  private static final String PREFIX = "dapr-" + UUID.randomUUID();

  @BeforeAll
  static void arrange(VaultApiFake fake) {
    vault = fake;
    vault.mount("secret", 2);
    vault.put("secret", PREFIX + "/conftestsecret", Map.of("conftestsecret", "abcd"));
    vault.put("secret", PREFIX + "/secondsecret", Map.of("secondsecret", "efgh"));
  }

  @Override
  protected SecretStoreComponent createComponent() throws Exception {
    return createFromProvider(
        "secretstores.hashicorp.vault",
        Map.of(
            "vaultAddr",
            vault.httpUrl(),
            "vaultToken",
            VaultApiFake.TOKEN,
            "vaultKVPrefix",
            PREFIX));
  }
}
