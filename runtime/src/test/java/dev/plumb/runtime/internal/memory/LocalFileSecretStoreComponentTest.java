package dev.plumb.runtime.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.secrets.spi.BulkGetSecretRequest;
import dev.plumb.api.secrets.spi.GetSecretRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileSecretStoreComponentTest {
  private static final String JSON =
      "{\"redisPassword\": \"pw\","
          + " \"connectionStrings\": {\"sql\": \"s\", \"nested\": {\"deep\": 1}},"
          + " \"hosts\": [\"h0\", \"h1\"], \"flag\": true, \"none\": null}";

  @TempDir Path dir;

  private Path file(String content) throws IOException {
    return Files.writeString(dir.resolve("secrets.json"), content);
  }

  @Test
  void flattensNestedObjectsAndArrays() throws IOException {
    LocalFileSecretStoreComponent s = LocalFileSecretStoreComponent.read(file(JSON), ":", false);
    assertThat(s.multipleKeyValuesPerSecret()).isFalse();
    assertThat(s.getSecret(GetSecretRequest.of("redisPassword")))
        .isEqualTo(Map.of("redisPassword", "pw"));
    assertThat(s.getSecret(GetSecretRequest.of("connectionStrings:sql")))
        .isEqualTo(Map.of("connectionStrings:sql", "s"));
    assertThat(s.getSecret(GetSecretRequest.of("connectionStrings:nested:deep")))
        .containsEntry("connectionStrings:nested:deep", "1");
    assertThat(s.getSecret(GetSecretRequest.of("hosts:1"))).isEqualTo(Map.of("hosts:1", "h1"));
    assertThat(s.getSecret(GetSecretRequest.of("flag"))).isEqualTo(Map.of("flag", "true"));
    assertThat(s.getSecret(GetSecretRequest.of("none"))).isEqualTo(Map.of("none", ""));
    assertThat(s.getSecret(GetSecretRequest.of("connectionStrings"))).isNull();
    assertThat(s.bulkGetSecret(new BulkGetSecretRequest(Map.of())))
        .containsOnlyKeys(
            "redisPassword",
            "connectionStrings:sql",
            "connectionStrings:nested:deep",
            "hosts:0",
            "hosts:1",
            "flag",
            "none");
  }

  @Test
  void usesTheGivenSeparator() throws IOException {
    LocalFileSecretStoreComponent s = LocalFileSecretStoreComponent.read(file(JSON), ".", false);
    assertThat(s.getSecret(GetSecretRequest.of("connectionStrings.sql")))
        .containsEntry("connectionStrings.sql", "s");
  }

  @Test
  void multiValuedKeepsOneLevelOfKeys() throws IOException {
    LocalFileSecretStoreComponent s = LocalFileSecretStoreComponent.read(file(JSON), ":", true);
    assertThat(s.multipleKeyValuesPerSecret()).isTrue();
    assertThat(s.getSecret(GetSecretRequest.of("connectionStrings")))
        .isEqualTo(Map.of("sql", "s", "nested:deep", "1"));
    assertThat(s.getSecret(GetSecretRequest.of("hosts"))).isEqualTo(Map.of("0", "h0", "1", "h1"));
    assertThat(s.getSecret(GetSecretRequest.of("redisPassword")))
        .isEqualTo(Map.of("redisPassword", "pw"));
  }

  @Test
  void aMissingOrMalformedFileIsAConfigurationErrorNamingIt() throws IOException {
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> LocalFileSecretStoreComponent.read(missing, ":", false))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("metadata 'secretsFile': file '" + missing + "' does not exist");
    Path relative = Path.of("no-such-dir", "secrets.json");
    assertThatThrownBy(() -> LocalFileSecretStoreComponent.read(relative, ":", false))
        .hasMessage(
            "metadata 'secretsFile': file '"
                + relative
                + "' does not exist (relative paths start at the working directory, "
                + Path.of("").toAbsolutePath()
                + ")");
    Path bad = file("{\"a\": \"topsecret\",\n oops}");
    assertThatThrownBy(() -> LocalFileSecretStoreComponent.read(bad, ":", false))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("metadata 'secretsFile': file '" + bad + "' is not valid JSON (line 2)")
        .hasNoCause();
    Path array = file("[1, 2]");
    assertThatThrownBy(() -> LocalFileSecretStoreComponent.read(array, ":", false))
        .hasMessageContaining("must hold a JSON object");
  }
}
