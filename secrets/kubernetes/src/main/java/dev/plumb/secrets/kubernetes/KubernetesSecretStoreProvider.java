package dev.plumb.secrets.kubernetes;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.secrets.spi.SecretStoreComponent;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.ComponentProvider;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Creates {@code secretstores.kubernetes} components: Dapr's Kubernetes secret store on the fabric8
 * client (JDK {@code HttpClient} transport). Metadata, with Dapr's names: {@code defaultNamespace}
 * (the namespace when neither the request's {@code namespace} metadata nor the {@code NAMESPACE}
 * environment variable names one) and {@code kubeconfigPath}.
 *
 * <p>As in Dapr, the in-cluster configuration (service account token and CA, {@code
 * KUBERNETES_SERVICE_HOST}/{@code KUBERNETES_SERVICE_PORT}) wins when the process runs in a pod;
 * otherwise the kubeconfig at {@code kubeconfigPath}, else {@code KUBECONFIG}, else {@code
 * ~/.kube/config}. Behaviour and differences from Dapr: {@code
 * docs/components/secretstores-kubernetes.md}. Found through {@link java.util.ServiceLoader};
 * thread-safe.
 */
public final class KubernetesSecretStoreProvider
    implements ComponentProvider<SecretStoreComponent> {
  /** Where a pod finds its service account (Kubernetes' fixed path, as client-go reads it). */
  static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  /** The fabric8 HTTP logging interceptor's name: it logs bodies and tokens at TRACE. */
  private static final String HTTP_LOGGING = "HttpLogging";

  private final Path serviceAccount;

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public KubernetesSecretStoreProvider() {
    this(SERVICE_ACCOUNT);
  }

  /** For tests: a service account folder elsewhere. */
  KubernetesSecretStoreProvider(Path serviceAccount) {
    this.serviceAccount = serviceAccount;
  }

  @Override
  public String type() {
    return "secretstores.kubernetes";
  }

  @Override
  public Class<SecretStoreComponent> componentClass() {
    return SecretStoreComponent.class;
  }

  /**
   * Reads the metadata and builds the client. Contacts nothing: the API server is first asked on a
   * read or a ping.
   *
   * @param context the component's identity, metadata and environment
   * @return the store
   * @throws ConfigurationException if the metadata is invalid or no cluster configuration is found
   */
  @Override
  public SecretStoreComponent create(ComponentContext context) {
    ComponentMetadata md = context.metadata();
    String defaultNamespace = md.getString("defaultNamespace").orElse(null);
    Optional<String> kubeconfigPath = md.getString("kubeconfigPath");
    md.validate();
    String where = "component '" + context.name() + "' (" + context.type() + ")";
    Config config = inCluster(context).orElseGet(() -> kubeconfig(context, kubeconfigPath, where));
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(config)
            .withHttpClientFactory(new QuietJdkHttpClientFactory())
            .build();
    return new KubernetesSecretStoreComponent(
        context.name(),
        client,
        defaultNamespace,
        context.env("NAMESPACE").filter(s -> !s.isBlank()).orElse(null));
  }

  /** client-go's {@code rest.InClusterConfig}: the service's address and the pod's account. */
  private Optional<Config> inCluster(ComponentContext context) {
    Optional<String> host = context.env("KUBERNETES_SERVICE_HOST").filter(s -> !s.isBlank());
    Optional<String> port = context.env("KUBERNETES_SERVICE_PORT").filter(s -> !s.isBlank());
    Path token = serviceAccount.resolve("token");
    if (host.isEmpty() || port.isEmpty() || !Files.isReadable(token)) {
      return Optional.empty();
    }
    String h = host.get().contains(":") ? "[" + host.get() + "]" : host.get();
    ConfigBuilder b =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("https://" + h + ":" + port.get())
            // Bound service account tokens rotate: read the file for every request, as
            // client-go's cached token source does on expiry.
            .withOauthTokenProvider(() -> readToken(token));
    Path ca = serviceAccount.resolve("ca.crt");
    if (Files.isReadable(ca)) {
      b.withCaCertFile(ca.toString());
    }
    return Optional.of(b.build());
  }

  private static String readToken(Path token) {
    try {
      return Files.readString(token, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the service account token " + token, e);
    }
  }

  private static Config kubeconfig(
      ComponentContext context, Optional<String> metadataPath, String where) {
    String path =
        metadataPath
            .or(
                () ->
                    context
                        .env("KUBECONFIG")
                        .filter(s -> !s.isBlank())
                        // client-go takes the first file of a KUBECONFIG list.
                        .map(s -> s.split(java.io.File.pathSeparator, -1)[0]))
            .orElseGet(
                () ->
                    context
                        .env("HOME")
                        .or(() -> Optional.ofNullable(System.getProperty("user.home")))
                        .map(home -> Path.of(home, ".kube", "config").toString())
                        .orElse(""));
    Path file = Path.of(path);
    if (path.isEmpty() || !Files.isRegularFile(file)) {
      throw new ConfigurationException(
          where
              + ": not running in a cluster and no kubeconfig file at '"
              + path
              + "' (metadata 'kubeconfigPath', else KUBECONFIG, else ~/.kube/config)");
    }
    try {
      return Config.fromKubeconfig(file.toFile());
    } catch (RuntimeException e) {
      // The parser's message may quote the file (tokens, keys): name the file only.
      throw new ConfigurationException(
          where
              + ": cannot read the kubeconfig file '"
              + path
              + "' ("
              + e.getClass().getName()
              + ")");
    }
  }

  /**
   * The JDK transport without fabric8's HTTP logging interceptor, which at TRACE prints response
   * bodies (secret data) and the {@code Authorization} header.
   */
  static final class QuietJdkHttpClientFactory implements HttpClient.Factory {
    private final JdkHttpClientFactory jdk = new JdkHttpClientFactory();

    @Override
    public HttpClient.Builder newBuilder() {
      HttpClient.Builder b = jdk.newBuilder();
      // A null interceptor removes the one of that name.
      return b.addOrReplaceInterceptor(HTTP_LOGGING, null);
    }
  }
}
