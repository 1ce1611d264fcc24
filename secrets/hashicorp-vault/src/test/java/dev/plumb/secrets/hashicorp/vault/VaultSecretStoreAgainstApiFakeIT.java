package dev.plumb.secrets.hashicorp.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumb.api.ConfigurationException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.secrets.spi.BulkGetSecretRequest;
import dev.plumb.api.secrets.spi.GetSecretRequest;
import dev.plumb.api.secrets.spi.SecretStoreComponent;
import dev.plumb.testkit.TestComponentContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code secretstores.hashicorp.vault} against the fake of Vault's HTTP API: KV versions 1 and 2,
 * versions and deletes, prefixes and engines, value types, token sources, TLS fields, bad input,
 * and values kept out of logs, errors and {@code toString()}.
 */
@ExtendWith(VaultApiFake.Resolver.class)
class VaultSecretStoreAgainstApiFakeIT {
  private static final String TYPE = "secretstores.hashicorp.vault";
  private static final String VALUE = "s3cr3t-never-printed";
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String PREFIX = "dapr-" + RUN;

  private static VaultApiFake vault;

  @BeforeAll
  static void arrange(VaultApiFake fake) {
    vault = fake;
    vault.mount("secret", 2);
    vault.mount("kv1-" + RUN, 1);
    vault.mount("kv2-" + RUN, 2);
    vault.put("secret", PREFIX + "/db", Map.of("username", "app", "password", "v1-pw"));
    vault.put("secret", PREFIX + "/db", Map.of("username", "app", "password", VALUE));
    vault.put("secret", PREFIX + "/team/a/api", Map.of("key", "k-a", "port", 8080));
    vault.put("secret", PREFIX + "/gone", Map.of("x", "1"));
    vault.deleteLatest("secret", PREFIX + "/gone");
    vault.put("kv1-" + RUN, "app/db", Map.of("user", "u1"));
    vault.put("kv1-" + RUN, "app/folder/cache", Map.of("url", "redis://c"));
    vault.put("kv2-" + RUN, "top", Map.of("t", "1"));
  }

  private static SecretStoreComponent create(Map<String, String> metadata) {
    Map<String, String> md = new HashMap<>();
    md.put("vaultAddr", vault.httpUrl());
    md.put("vaultToken", VaultApiFake.TOKEN);
    md.put("vaultKVPrefix", PREFIX);
    md.putAll(metadata);
    md.values().removeIf(String::isEmpty);
    return new VaultSecretStoreProvider().create(new TestComponentContext("vault", TYPE, md));
  }

  @Test
  void kv2ReadsTheLatestOrTheAskedVersion() throws Exception {
    try (SecretStoreComponent store = create(Map.of())) {
      assertThat(store.multipleKeyValuesPerSecret()).isTrue();
      assertThat(store.getSecret(GetSecretRequest.of("db")))
          .isEqualTo(Map.of("username", "app", "password", VALUE));
      assertThat(store.getSecret(new GetSecretRequest("db", Map.of("version_id", "1"))))
          .containsEntry("password", "v1-pw");
      assertThat(store.getSecret(new GetSecretRequest("db", Map.of("version_id", "7")))).isNull();
      assertThat(store.getSecret(GetSecretRequest.of("gone"))).as("soft-deleted").isNull();
      assertThat(store.getSecret(GetSecretRequest.of("team/a/api")))
          .as("a number is its JSON text")
          .isEqualTo(Map.of("key", "k-a", "port", "8080"));
    }
    assertThat(vault.requests)
        .contains("GET /v1/secret/data/" + PREFIX + "/db?version=0")
        .contains("GET /v1/secret/data/" + PREFIX + "/db?version=1");
  }

  @Test
  void bulkGetListsThePrefixRecursivelyAndSkipsDeletedSecrets() throws Exception {
    try (SecretStoreComponent store = create(Map.of())) {
      assertThat(store.bulkGetSecret(new BulkGetSecretRequest(Map.of())))
          .isEqualTo(
              Map.of(
                  "db", Map.of("username", "app", "password", VALUE),
                  "team/a/api", Map.of("key", "k-a", "port", "8080")));
      assertThat(store.bulkGetSecret(new BulkGetSecretRequest(Map.of("version_id", "1"))))
          .as("Dapr passes version_id to every read")
          .containsOnlyKeys("db", "team/a/api")
          .containsEntry("db", Map.of("username", "app", "password", "v1-pw"));
    }
    assertThat(vault.requests)
        .contains("LIST /v1/secret/metadata/" + PREFIX + "/")
        .contains("LIST /v1/secret/metadata/" + PREFIX + "/team/a/");
  }

  @Test
  void kv1ReadsAndListsWithoutDataOrMetadataSegments() throws Exception {
    try (SecretStoreComponent store =
        create(Map.of("enginePath", "kv1-" + RUN, "vaultKVVersion", "1", "vaultKVPrefix", "app"))) {
      assertThat(store.getSecret(GetSecretRequest.of("db"))).isEqualTo(Map.of("user", "u1"));
      assertThat(store.getSecret(GetSecretRequest.of("nope"))).isNull();
      assertThat(store.bulkGetSecret(new BulkGetSecretRequest(Map.of())))
          .isEqualTo(
              Map.of("db", Map.of("user", "u1"), "folder/cache", Map.of("url", "redis://c")));
      assertThatThrownBy(
              () -> store.getSecret(new GetSecretRequest("db", Map.of("version_id", "2"))))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("'version_id'")
          .hasMessageContaining("KV version 1");
    }
    assertThat(vault.requests).contains("GET /v1/kv1-" + RUN + "/app/db");
  }

  @Test
  void withoutPrefixTheNameIsThePathUnderTheEngine() throws Exception {
    try (SecretStoreComponent store =
        create(Map.of("enginePath", "kv2-" + RUN, "vaultKVUsePrefix", "false"))) {
      assertThat(store.getSecret(GetSecretRequest.of("top"))).isEqualTo(Map.of("t", "1"));
      assertThat(store.bulkGetSecret(new BulkGetSecretRequest(Map.of())))
          .isEqualTo(Map.of("top", Map.of("t", "1")));
    }
    assertThat(vault.requests).contains("GET /v1/kv2-" + RUN + "/data/top?version=0");
  }

  @Test
  void textValueTypeAnswersTheFieldsAsJsonUnderTheName() throws Exception {
    try (SecretStoreComponent store = create(Map.of("vaultValueType", "text"))) {
      assertThat(store.multipleKeyValuesPerSecret()).isFalse();
      Map<String, String> secret = store.getSecret(GetSecretRequest.of("team/a/api"));
      assertThat(secret).containsOnlyKeys("team/a/api");
      // Vault's field order is kept; the fake's comes from Map.of, so compare as JSON.
      assertThat(new ObjectMapper().readTree(secret.get("team/a/api")))
          .isEqualTo(new ObjectMapper().readTree("{\"key\":\"k-a\",\"port\":8080}"));
    }
  }

  @Test
  void theTokenMayComeFromAFileAndAWrongOneIsVaultsError() throws Exception {
    Path file = Files.writeString(vault.dir().resolve("token-" + RUN), VaultApiFake.TOKEN + "\n");
    try (SecretStoreComponent store =
        create(Map.of("vaultToken", "", "vaultTokenMountPath", file.toString()))) {
      assertThat(store.getSecret(GetSecretRequest.of("db"))).containsEntry("password", VALUE);
    }
    try (SecretStoreComponent store = create(Map.of("vaultToken", "hvs.wrong"))) {
      assertThatThrownBy(() -> store.getSecret(GetSecretRequest.of("db")))
          .hasMessage(
              "component 'vault' (secretstores.hashicorp.vault) get 'db': Vault answered HTTP 403:"
                  + " permission denied");
    }
  }

  @Test
  void badMetadataFailsAtCreateWithEveryProblem() {
    assertThatThrownBy(
            () ->
                create(
                    Map.of(
                        "vaultToken", "",
                        "vaultValueType", "yaml",
                        "vaultKVVersion", "3",
                        "vaultAddr", "ftp://x")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("one of metadata 'vaultToken' and 'vaultTokenMountPath' is required")
        .hasMessageContaining("metadata 'vaultValueType': expected 'map' or 'text', got 'yaml'")
        .hasMessageContaining("metadata 'vaultKVVersion': expected 1 or 2, got 3")
        .hasMessageContaining("metadata 'vaultAddr': expected an http or https URL");
    assertThatThrownBy(() -> create(Map.of("vaultTokenMountPath", "/nonexistent/token")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("exclude each other");
    assertThatThrownBy(
            () -> create(Map.of("vaultToken", "", "vaultTokenMountPath", "/nonexistent/token")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cannot read the token file '/nonexistent/token'");
  }

  @Test
  void namesThatClimbOutOfThePrefixOrBadVersionsAreRefusedBeforeAnyCall() throws Exception {
    try (SecretStoreComponent store = create(Map.of())) {
      for (String name : new String[] {"../other", "a//b", "a/./b", "a/"}) {
        assertThatThrownBy(() -> store.getSecret(GetSecretRequest.of(name)))
            .isInstanceOf(InvalidRequestException.class)
            .hasMessageContaining("component 'vault' (secretstores.hashicorp.vault) get")
            .hasMessageContaining("'" + name + "'");
      }
      assertThatThrownBy(
              () -> store.getSecret(new GetSecretRequest("db", Map.of("version_id", "latest"))))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("metadata 'version_id' must be a version number");
    }
    assertThat(vault.requests).noneMatch(r -> r.contains("/other"));
  }

  @Test
  void tlsTrustsCaCertCaPemOrCaPathAndChecksTlsServerName() throws Exception {
    String ca = vault.caPem().toString();
    Path folder = Files.createDirectories(vault.dir().resolve("cas-" + RUN + "/nested"));
    Files.copy(vault.caPem(), folder.resolve("vault.pem"));
    Map<String, String> https = Map.of("vaultAddr", vault.httpsUrl());
    for (Map<String, String> trust :
        List.of(
            Map.of("caCert", ca, "tlsServerName", VaultApiFake.CERT_NAME),
            Map.of("caPem", Files.readString(vault.caPem()), "tlsServerName", "VAULT.test"),
            Map.of(
                "caPath", folder.getParent().toString(), "tlsServerName", VaultApiFake.CERT_NAME),
            Map.of("skipVerify", "true"))) {
      Map<String, String> md = new HashMap<>(https);
      md.putAll(trust);
      try (SecretStoreComponent store = create(md)) {
        store.ping();
        assertThat(store.getSecret(GetSecretRequest.of("db"))).containsEntry("password", VALUE);
      }
    }
    // The certificate names vault.test, not 127.0.0.1, and no JDK root signed it.
    for (Map<String, String> trust :
        List.of(
            Map.of("caCert", ca),
            Map.of("caCert", ca, "tlsServerName", "other.test"),
            Map.of("tlsServerName", VaultApiFake.CERT_NAME),
            Map.<String, String>of())) {
      Map<String, String> md = new HashMap<>(https);
      md.putAll(trust);
      try (SecretStoreComponent store = create(md)) {
        assertThatThrownBy(() -> store.getSecret(GetSecretRequest.of("db")))
            .as("trust %s", trust)
            .isInstanceOf(SSLHandshakeException.class);
      }
    }
    assertThatThrownBy(() -> create(Map.of("caPem", "not a certificate")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("metadata 'caPem' holds no PEM certificate");
  }

  @Test
  void aServerThatIsDownFailsTheCallAndThePing() throws Exception {
    try (SecretStoreComponent store = create(Map.of("vaultAddr", "http://127.0.0.1:1"))) {
      assertThatThrownBy(store::ping).isInstanceOf(ConnectException.class);
      assertThatThrownBy(() -> store.getSecret(GetSecretRequest.of("db")))
          .isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void valuesAndTheTokenNeverReachLogsErrorsOrToString() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    StringBuilder text = new StringBuilder();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      org.slf4j.LoggerFactory.getLogger(VaultSecretStoreProvider.class).trace("capture-sentinel");
      try (SecretStoreComponent store = create(Map.of("skipVerify", "true"))) {
        text.append(store);
        assertThat(store.getSecret(GetSecretRequest.of("db"))).containsEntry("password", VALUE);
        assertThat(store.bulkGetSecret(new BulkGetSecretRequest(Map.of()))).containsKey("db");
      }
      try (SecretStoreComponent store = create(Map.of("vaultToken", VALUE))) {
        text.append(store);
        try {
          store.getSecret(GetSecretRequest.of("db"));
        } catch (Exception e) {
          text.append(e);
        }
      }
    } finally {
      System.setErr(original);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).contains("capture-sentinel").contains("'skipVerify' is true");
    assertThat(logs + text).doesNotContain(VALUE).doesNotContain(VaultApiFake.TOKEN);
  }
}
