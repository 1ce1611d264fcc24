package dev.plumb.secrets.kubernetes;

import dev.plumb.api.secrets.spi.SecretStoreComponent;
import dev.plumb.testkit.secrets.SecretStoreConformanceKit;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code secretstores.kubernetes} passes the secrets kit on fabric8's Kubernetes API server
 * emulation (CRUD mode, HTTPS), reached through a kubeconfig file: Dapr's fixture as two secrets of
 * one key each in a fresh namespace, {@code defaultNamespace} pointing at it.
 */
@ExtendWith(KubernetesApiMock.Resolver.class)
class KubernetesSecretStoreConformanceIT extends SecretStoreConformanceKit {
  private static KubernetesApiMock mock;
  private static String namespace;

  @BeforeAll
  static void arrange(KubernetesApiMock server) {
    mock = server;
    namespace = mock.newNamespace();
    mock.putSecret(namespace, "conftestsecret", Map.of("conftestsecret", "abcd"));
    mock.putSecret(namespace, "secondsecret", Map.of("secondsecret", "efgh"));
  }

  @Override
  protected SecretStoreComponent createComponent() throws Exception {
    return createFromProvider(
        "secretstores.kubernetes",
        Map.of("kubeconfigPath", mock.kubeconfig().toString(), "defaultNamespace", namespace));
  }
}
