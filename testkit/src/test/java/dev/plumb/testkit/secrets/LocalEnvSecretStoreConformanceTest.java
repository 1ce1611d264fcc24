package dev.plumb.testkit.secrets;

import dev.plumb.api.secrets.spi.SecretStoreComponent;
import java.util.Map;

/**
 * {@code secretstores.local.env} passes the secrets kit. As in Dapr's suite, the variables are set
 * before the JVM starts (Surefire's {@code environmentVariables} in this module's pom).
 */
class LocalEnvSecretStoreConformanceTest extends SecretStoreConformanceKit {
  @Override
  protected SecretStoreComponent createComponent() throws Exception {
    return createFromProvider("secretstores.local.env", Map.of());
  }
}
