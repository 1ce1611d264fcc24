package dev.plumb.testkit.secrets;

import dev.plumb.api.secrets.spi.SecretStoreComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** {@code secretstores.local.file} passes the secrets kit with Dapr's fixture. */
class LocalFileSecretStoreConformanceTest extends SecretStoreConformanceKit {
  @TempDir Path dir;

  @Override
  protected SecretStoreComponent createComponent() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("secrets.json"),
            "{\"conftestsecret\": \"abcd\", \"secondsecret\": \"efgh\"}");
    return createFromProvider(
        "secretstores.local.file", Map.of("secretsFile", file.toString(), "nestedSeparator", ":"));
  }
}
