package dev.plumb.secrets.kubernetes;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * fabric8's Kubernetes API server emulation in CRUD mode (objects created are stored and served
 * back, lists and namespaces included) over HTTPS with its self-signed certificate, started once
 * per test run: the first test class asks for it
 * ({@code @ExtendWith(KubernetesApiMock.Resolver.class)} and a parameter of this type), JUnit
 * closes it when the run ends.
 */
final class KubernetesApiMock implements ExtensionContext.Store.CloseableResource {
  /** The bearer token every kubeconfig written here carries. */
  static final String TOKEN = "kube-token-never-printed";

  private final KubernetesMockServer server;
  private final NamespacedKubernetesClient admin;
  private final Path dir;

  private KubernetesApiMock() throws IOException {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            true);
    server.init();
    // Quiet as the store's client: the secrets-in-logs test must only see what the store writes.
    admin = server.createClient(new KubernetesSecretStoreProvider.QuietJdkHttpClientFactory());
    dir = Files.createTempDirectory("plumb-k8s-mock");
  }

  /** Gives test methods and {@code @BeforeAll} methods the run's server as a parameter. */
  static final class Resolver implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == KubernetesApiMock.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return get(context);
    }
  }

  private static KubernetesApiMock get(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(
            KubernetesApiMock.class,
            k -> {
              try {
                return new KubernetesApiMock();
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            },
            KubernetesApiMock.class);
  }

  /** A client with full access, to arrange what the store reads. */
  NamespacedKubernetesClient admin() {
    return admin;
  }

  /** The API server's URL, such as {@code https://localhost:40123/}. */
  String url() {
    return admin.getConfiguration().getMasterUrl();
  }

  int port() {
    return server.getPort();
  }

  /** The PEM file of the server's self-signed certificate, to trust it. */
  String caFile() {
    return server.getSelfSignedCertificate().certificatePath();
  }

  /** A fresh namespace, so that tests never see each other's secrets. */
  String newNamespace() {
    String ns = "plumb-" + UUID.randomUUID().toString().substring(0, 8);
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    return ns;
  }

  /** Stores a secret with its values base64-encoded, as the API server keeps them. */
  void putSecret(String namespace, String name, Map<String, String> values) {
    Map<String, String> data = new LinkedHashMap<>();
    values.forEach(
        (k, v) ->
            data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    putRawSecret(namespace, name, data);
  }

  /** Stores a secret's data exactly as given, valid base64 or not. */
  void putRawSecret(String namespace, String name, Map<String, String> data) {
    admin
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withData(data)
                .build())
        .create();
  }

  /** Writes a kubeconfig that reaches this server, trusting its CA, with {@link #TOKEN}. */
  Path kubeconfig() throws IOException {
    Path file = dir.resolve("kubeconfig-" + UUID.randomUUID());
    String yaml =
        "apiVersion: v1\n"
            + "kind: Config\n"
            + "clusters:\n"
            + "- name: mock\n"
            + "  cluster:\n"
            + "    server: "
            + url()
            + "\n"
            + "    certificate-authority: "
            + caFile()
            + "\n"
            + "users:\n"
            + "- name: plumb\n"
            + "  user:\n"
            + "    token: "
            + TOKEN
            + "\n"
            + "contexts:\n"
            + "- name: mock\n"
            + "  context:\n"
            + "    cluster: mock\n"
            + "    user: plumb\n"
            + "current-context: mock\n";
    return Files.writeString(file, yaml);
  }

  /** Where tests may put other files. */
  Path dir() {
    return dir;
  }

  KubernetesMockServer server() {
    return server;
  }

  @Override
  public void close() {
    admin.close();
    server.destroy();
  }
}
