package dev.plumb.secrets.hashicorp.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.secrets.SecretNotFoundException;
import dev.plumb.api.secrets.SecretStore;
import dev.plumb.runtime.Plumb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Dapr component file for Vault loads unchanged in Plumb, its token resolved from another secret
 * store through {@code secretKeyRef}, and the store answers through {@code plumb.secretStore}
 * (against the fake of Vault's HTTP API).
 */
@ExtendWith(VaultApiFake.Resolver.class)
class VaultDaprYamlAgainstApiFakeIT {
  @TempDir Path dir;

  @Test
  void daprYamlWithATokenFromAnotherStoreReadsSecrets(VaultApiFake vault) throws Exception {
    String prefix = "yaml-" + UUID.randomUUID();
    vault.mount("secret", 2);
    vault.put("secret", prefix + "/db", Map.of("password", "from-vault"));
    Files.writeString(
        dir.resolve("tokens.json"), "{\"vault-token\": \"" + VaultApiFake.TOKEN + "\"}");
    Files.writeString(
        dir.resolve("components.yaml"),
        """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: localsecrets
        spec:
          type: secretstores.local.file
          version: v1
          metadata:
          - name: secretsFile
            value: %s
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: vault
        spec:
          type: secretstores.hashicorp.vault
          version: v1
          metadata:
          - name: vaultAddr
            value: %s
          - name: vaultToken
            secretKeyRef:
              name: vault-token
              key: vault-token
          - name: vaultKVPrefix
            value: %s
          - name: skipVerify
            value: "false"
        auth:
          secretStore: localsecrets
        """
            .formatted(dir.resolve("tokens.json"), vault.httpUrl(), prefix));
    try (Plumb plumb = Plumb.builder().resources(dir.resolve("components.yaml")).build()) {
      assertThat(plumb.warnings()).isEmpty();
      SecretStore store = plumb.secretStore("vault");
      assertThat(store.get("db")).isEqualTo(Map.of("password", "from-vault"));
      assertThat(store.getBulk()).isEqualTo(Map.of("db", Map.of("password", "from-vault")));
      assertThatThrownBy(() -> store.get("nope"))
          .isInstanceOf(SecretNotFoundException.class)
          .hasMessageNotContaining(VaultApiFake.TOKEN);
    }
  }
}
