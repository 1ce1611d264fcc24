package dev.plumb.secrets.kubernetes;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.secrets.spi.BulkGetSecretRequest;
import dev.plumb.api.secrets.spi.GetSecretRequest;
import dev.plumb.api.secrets.spi.SecretStoreComponent;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dapr's {@code secretstores.kubernetes}: a secret is a Kubernetes {@code Secret}, its data keys
 * the secret's keys (base64-decoded, read as UTF-8). The namespace of a call is the request's
 * {@code namespace} metadata, else the {@code NAMESPACE} environment variable, else {@code
 * defaultNamespace}, in Dapr's order. Bulk get lists every secret of that namespace. A missing
 * secret is {@code null} (Dapr answers the API server's not-found error). Thread-safe (the fabric8
 * client is); never logs or prints values.
 */
final class KubernetesSecretStoreComponent implements SecretStoreComponent {
  private final String name;
  private final KubernetesClient client;
  private final String defaultNamespace;
  private final String envNamespace;

  KubernetesSecretStoreComponent(
      String name, KubernetesClient client, String defaultNamespace, String envNamespace) {
    this.name = name;
    this.client = client;
    this.defaultNamespace = defaultNamespace;
    this.envNamespace = envNamespace;
  }

  /** A Kubernetes secret holds several keys. */
  @Override
  public boolean multipleKeyValuesPerSecret() {
    return true;
  }

  /** Asks the API server for its version: any authenticated client may. */
  @Override
  public void ping() {
    client.getKubernetesVersion();
  }

  @Override
  public Map<String, String> getSecret(GetSecretRequest request) {
    String namespace = namespace(request.metadata(), "get");
    Secret secret = client.secrets().inNamespace(namespace).withName(request.name()).get();
    return secret == null ? null : decode(secret, "get");
  }

  @Override
  public Map<String, Map<String, String>> bulkGetSecret(BulkGetSecretRequest request) {
    String namespace = namespace(request.metadata(), "bulkGet");
    Map<String, Map<String, String>> all = new LinkedHashMap<>();
    for (Secret s : client.secrets().inNamespace(namespace).list().getItems()) {
      all.put(s.getMetadata().getName(), decode(s, "bulkGet"));
    }
    return all;
  }

  private String namespace(Map<String, String> metadata, String operation) {
    String requested = metadata.get("namespace");
    if (requested != null && !requested.isEmpty()) {
      return requested;
    }
    if (envNamespace != null) {
      return envNamespace;
    }
    if (defaultNamespace != null) {
      return defaultNamespace;
    }
    throw new InvalidRequestException(
        "component '"
            + name
            + "' (secretstores.kubernetes) "
            + operation
            + ": metadata 'namespace' is missing from the request, the NAMESPACE environment"
            + " variable is unset and the component has no 'defaultNamespace'");
  }

  private Map<String, String> decode(Secret secret, String operation) {
    Map<String, String> values = new LinkedHashMap<>();
    if (secret.getData() != null) {
      Base64.Decoder b64 = Base64.getDecoder();
      for (Map.Entry<String, String> e : secret.getData().entrySet()) {
        byte[] bytes;
        try {
          bytes = e.getValue() == null ? new byte[0] : b64.decode(e.getValue());
        } catch (IllegalArgumentException notBase64) {
          // No cause: the decoder's message describes the data.
          throw new IllegalStateException(
              "component '"
                  + name
                  + "' (secretstores.kubernetes) "
                  + operation
                  + ": key '"
                  + e.getKey()
                  + "' of secret '"
                  + secret.getMetadata().getName()
                  + "' is not base64, as the API server's data must be");
        }
        values.put(e.getKey(), new String(bytes, StandardCharsets.UTF_8));
      }
    }
    return Map.copyOf(values);
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "KubernetesSecretStoreComponent[name="
        + name
        + ", defaultNamespace="
        + defaultNamespace
        + ", NAMESPACE="
        + envNamespace
        + "]";
  }
}
