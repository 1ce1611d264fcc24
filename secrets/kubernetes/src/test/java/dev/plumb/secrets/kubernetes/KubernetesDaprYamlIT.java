package dev.plumb.secrets.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.secrets.SecretNotFoundException;
import dev.plumb.api.secrets.SecretStore;
import dev.plumb.runtime.Plumb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Dapr component file for the Kubernetes store loads unchanged in Plumb (whose Jackson 2 runs
 * beside fabric8's Jackson 3 here), the namespace coming from {@code NAMESPACE} through {@code
 * Plumb.builder().env(...)}, and answers through {@code plumb.secretStore}.
 */
@ExtendWith(KubernetesApiMock.Resolver.class)
class KubernetesDaprYamlIT {
  @TempDir Path dir;

  @Test
  void daprYamlReadsSecretsOfTheNamespaceFromTheEnvironment(KubernetesApiMock mock)
      throws Exception {
    String namespace = mock.newNamespace();
    mock.putSecret(namespace, "db", Map.of("username", "app", "password", "pw"));
    Path yaml =
        Files.writeString(
            dir.resolve("kubernetes.yaml"),
            """
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata:
              name: kubernetes
            spec:
              type: secretstores.kubernetes
              version: v1
              metadata:
              - name: kubeconfigPath
                value: %s
              - name: defaultNamespace
                value: default
            """
                .formatted(mock.kubeconfig()));
    Map<String, String> env = Map.of("NAMESPACE", namespace);
    try (Plumb plumb = Plumb.builder().resources(yaml).env(env::get).build()) {
      assertThat(plumb.warnings()).isEmpty();
      SecretStore store = plumb.secretStore("kubernetes");
      assertThat(store.get("db")).isEqualTo(Map.of("username", "app", "password", "pw"));
      assertThat(store.getBulk())
          .isEqualTo(Map.of("db", Map.of("username", "app", "password", "pw")));
      assertThatThrownBy(() -> store.get("nope")).isInstanceOf(SecretNotFoundException.class);
    }
  }
}
