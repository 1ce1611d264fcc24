package dev.plumb.secrets.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.secrets.spi.BulkGetSecretRequest;
import dev.plumb.api.secrets.spi.GetSecretRequest;
import dev.plumb.api.secrets.spi.SecretStoreComponent;
import dev.plumb.testkit.TestComponentContext;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * {@code secretstores.kubernetes} on fabric8's API server emulation: multi-key secrets, Dapr's
 * namespace rules, in-cluster and kubeconfig configuration, and values kept out of logs, errors and
 * {@code toString()}.
 */
@ExtendWith(KubernetesApiMock.Resolver.class)
class KubernetesSecretStoreIT {
  private static final String TYPE = "secretstores.kubernetes";
  private static final String VALUE = "pa55-never-printed";

  private static KubernetesApiMock mock;
  private static String home;
  private static String other;

  @BeforeAll
  static void arrange(KubernetesApiMock server) {
    mock = server;
    home = mock.newNamespace();
    other = mock.newNamespace();
    mock.putSecret(home, "db", Map.of("username", "app", "password", VALUE));
    mock.putSecret(home, "api", Map.of("key", "k-1"));
    mock.putSecret(other, "db", Map.of("username", "other-app"));
  }

  private static SecretStoreComponent create(Map<String, String> metadata, Map<String, String> env)
      throws Exception {
    Map<String, String> md = new HashMap<>(metadata);
    md.putIfAbsent("kubeconfigPath", mock.kubeconfig().toString());
    return new KubernetesSecretStoreProvider(mock.dir().resolve("no-service-account"))
        .create(new TestComponentContext("k8s", TYPE, md).withEnv(env));
  }

  @Test
  void aSecretIsEveryDataKeyDecoded() throws Exception {
    try (SecretStoreComponent store = create(Map.of("defaultNamespace", home), Map.of())) {
      assertThat(store.multipleKeyValuesPerSecret()).isTrue();
      assertThat(store.getSecret(GetSecretRequest.of("db")))
          .isEqualTo(Map.of("username", "app", "password", VALUE));
    }
  }

  @Test
  void bulkGetReadsEverySecretOfTheNamespace() throws Exception {
    try (SecretStoreComponent store = create(Map.of("defaultNamespace", home), Map.of())) {
      assertThat(store.bulkGetSecret(new BulkGetSecretRequest(Map.of())))
          .isEqualTo(
              Map.of(
                  "db", Map.of("username", "app", "password", VALUE),
                  "api", Map.of("key", "k-1")));
      assertThat(store.bulkGetSecret(new BulkGetSecretRequest(Map.of("namespace", other))))
          .isEqualTo(Map.of("db", Map.of("username", "other-app")));
    }
  }

  @Test
  void theRequestNamespaceWinsThenNamespaceEnvThenDefaultNamespace() throws Exception {
    try (SecretStoreComponent store =
        create(Map.of("defaultNamespace", home), Map.of("NAMESPACE", other))) {
      // Dapr reads NAMESPACE before defaultNamespace.
      assertThat(store.getSecret(GetSecretRequest.of("db")))
          .isEqualTo(Map.of("username", "other-app"));
      assertThat(store.getSecret(new GetSecretRequest("db", Map.of("namespace", home))))
          .containsEntry("username", "app");
      assertThat(store.getSecret(GetSecretRequest.of("api"))).isNull();
    }
  }

  @Test
  void noNamespaceAnywhereIsAClearRequestError() throws Exception {
    try (SecretStoreComponent store = create(Map.of(), Map.of())) {
      assertThatThrownBy(() -> store.getSecret(GetSecretRequest.of("db")))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("component 'k8s' (secretstores.kubernetes) get")
          .hasMessageContaining("'namespace'")
          .hasMessageContaining("'defaultNamespace'");
      assertThatThrownBy(() -> store.bulkGetSecret(new BulkGetSecretRequest(Map.of())))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("bulkGet");
      assertThat(store.getSecret(new GetSecretRequest("db", Map.of("namespace", home))))
          .containsEntry("password", VALUE);
    }
  }

  @Test
  void aMissingKubeconfigFailsAtCreateNamingTheComponentAndTheFile() {
    assertThatThrownBy(
            () -> create(Map.of("kubeconfigPath", "/nonexistent/plumb-kubeconfig"), Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("component 'k8s' (secretstores.kubernetes)")
        .hasMessageContaining("/nonexistent/plumb-kubeconfig");
    assertThatThrownBy(
            () ->
                new KubernetesSecretStoreProvider(mock.dir().resolve("none"))
                    .create(
                        new TestComponentContext("k8s", TYPE, Map.of())
                            .withEnv(Map.of("HOME", "/nonexistent-home"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("/nonexistent-home/.kube/config");
  }

  @Test
  void kubeconfigEnvIsReadWhenTheMetadataNamesNoFile() throws Exception {
    String path = mock.kubeconfig().toString();
    try (SecretStoreComponent store =
        new KubernetesSecretStoreProvider(mock.dir().resolve("none"))
            .create(
                new TestComponentContext("k8s", TYPE, Map.of("defaultNamespace", home))
                    .withEnv(Map.of("KUBECONFIG", path)))) {
      assertThat(store.getSecret(GetSecretRequest.of("api"))).isEqualTo(Map.of("key", "k-1"));
    }
  }

  @Test
  void inClusterConfigWinsAndSendsTheCurrentServiceAccountToken() throws Exception {
    String pod = mock.newNamespace();
    Path account = Files.createDirectories(mock.dir().resolve("sa-" + System.nanoTime()));
    Files.copy(Path.of(mock.caFile()), account.resolve("ca.crt"));
    Files.writeString(account.resolve("token"), "sa-token-1\n");
    Map<String, String> env =
        Map.of(
            "KUBERNETES_SERVICE_HOST",
            "localhost",
            "KUBERNETES_SERVICE_PORT",
            Integer.toString(mock.port()),
            "NAMESPACE",
            pod);
    // The kubeconfig names a server that does not exist: the pod's configuration must win.
    Path wrong =
        Files.writeString(
            mock.dir().resolve("wrong-kubeconfig-" + System.nanoTime()),
            Files.readString(mock.kubeconfig()).replace(mock.url(), "https://127.0.0.1:1/"));
    try (SecretStoreComponent store =
        new KubernetesSecretStoreProvider(account)
            .create(
                new TestComponentContext("k8s", TYPE, Map.of("kubeconfigPath", wrong.toString()))
                    .withEnv(env))) {
      String first = "incluster-a-" + System.nanoTime();
      String second = "incluster-b-" + System.nanoTime();
      mock.putSecret(pod, first, Map.of("k", "1"));
      mock.putSecret(pod, second, Map.of("k", "2"));
      assertThat(store.getSecret(GetSecretRequest.of(first))).isEqualTo(Map.of("k", "1"));
      assertThat(authorizationOf("/api/v1/namespaces/" + pod + "/secrets/" + first))
          .isEqualTo("Bearer sa-token-1");
      Files.writeString(account.resolve("token"), "sa-token-2\n");
      assertThat(store.getSecret(GetSecretRequest.of(second))).isEqualTo(Map.of("k", "2"));
      assertThat(store.getSecret(GetSecretRequest.of("db"))).isNull();
      assertThat(authorizationOf("/api/v1/namespaces/" + pod + "/secrets/" + second))
          .isEqualTo("Bearer sa-token-2");
    }
  }

  /** The Authorization header of the next recorded request to a path. */
  private static String authorizationOf(String path) throws InterruptedException {
    for (int i = 0; i < 1000; i++) {
      RecordedRequest r = mock.server().takeRequest(5, TimeUnit.SECONDS);
      assertThat(r).as("a request to %s", path).isNotNull();
      if (r.getPath().equals(path)) {
        return r.getHeader("Authorization");
      }
    }
    throw new AssertionError("no request to " + path);
  }

  @Test
  void valuesAndTokensNeverReachLogsErrorsOrToString() throws Exception {
    String encoded = Base64.getEncoder().encodeToString(VALUE.getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    SecretStoreComponent store = create(Map.of("defaultNamespace", home), Map.of());
    // A value that is not base64 fails the read without quoting the data.
    String ns = mock.newNamespace();
    mock.putRawSecret(ns, "broken", Map.of("password", "*" + VALUE));
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    String text;
    try {
      // Proves that TRACE output of fabric8's loggers reaches the capture.
      LoggerFactory.getLogger("io.fabric8.kubernetes.client.http.HttpLoggingInterceptor")
          .trace("capture-sentinel");
      assertThat(store.getSecret(GetSecretRequest.of("db"))).containsEntry("password", VALUE);
      assertThat(store.bulkGetSecret(new BulkGetSecretRequest(Map.of()))).containsKey("db");
      Exception failure =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalStateException.class,
              () -> store.getSecret(new GetSecretRequest("broken", Map.of("namespace", ns))));
      assertThat(failure)
          .hasMessageContaining("component 'k8s' (secretstores.kubernetes) get")
          .hasMessageContaining("key 'password' of secret 'broken'");
      text = failure + " " + store;
    } finally {
      System.setErr(original);
      store.close();
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).contains("capture-sentinel");
    assertThat(logs + text)
        .doesNotContain(VALUE)
        .doesNotContain(encoded)
        .doesNotContain(KubernetesApiMock.TOKEN);
  }
}
