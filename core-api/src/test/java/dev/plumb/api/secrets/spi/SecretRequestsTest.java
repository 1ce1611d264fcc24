package dev.plumb.api.secrets.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.InvalidRequestException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretRequestsTest {

  @Test
  void copyMetadataAndShowOnlyItsNames() {
    Map<String, String> metadata = new HashMap<>(Map.of("token", "hunter2"));
    GetSecretRequest get = new GetSecretRequest("db", metadata);
    BulkGetSecretRequest bulk = new BulkGetSecretRequest(metadata);
    metadata.clear();

    assertThat(get.metadata()).containsEntry("token", "hunter2");
    assertThat(bulk.metadata()).containsEntry("token", "hunter2");
    assertThat(get.toString()).contains("db", "token").doesNotContain("hunter2");
    assertThat(bulk.toString()).contains("token").doesNotContain("hunter2");
    assertThat(GetSecretRequest.of("db").metadata()).isEmpty();
    assertThat(new BulkGetSecretRequest(null).metadata()).isEmpty();
  }

  @Test
  void requireAName() {
    assertThatThrownBy(() -> GetSecretRequest.of(""))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("secret name must not be empty");
  }
}
