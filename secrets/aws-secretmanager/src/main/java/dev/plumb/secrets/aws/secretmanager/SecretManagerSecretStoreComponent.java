package dev.plumb.secrets.aws.secretmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumb.api.secrets.spi.BulkGetSecretRequest;
import dev.plumb.api.secrets.spi.GetSecretRequest;
import dev.plumb.api.secrets.spi.SecretStoreComponent;
import dev.plumb.common.aws.AwsClients;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

/**
 * Dapr's {@code secretstores.aws.secretmanager}: {@code GetSecretValue} with the request's {@code
 * version_id} ({@code VersionId}) and {@code version_stage} ({@code VersionStage}) metadata; bulk
 * get pages through {@code ListSecrets} and reads the current version of each. A secret is {@code
 * {name: SecretString}}, or with {@code multipleKeyValuesPerSecret} the fields of a JSON object
 * (other values as their JSON text; a string that is no JSON object stays {@code {name: string}}).
 * A binary secret has no string value: {@code {}}, as in Dapr. A missing secret or version is
 * {@code null}.
 *
 * <p>Thread-safe (the SDK client is); never logs or prints values.
 */
final class SecretManagerSecretStoreComponent implements SecretStoreComponent {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String owner;
  private final AwsClients aws;
  private final SecretsManagerClient client;
  private final boolean multiple;

  SecretManagerSecretStoreComponent(
      String owner, AwsClients aws, SecretsManagerClient client, boolean multiple) {
    this.owner = owner;
    this.aws = aws;
    this.client = client;
    this.multiple = multiple;
  }

  @Override
  public boolean multipleKeyValuesPerSecret() {
    return multiple;
  }

  /** Lists one secret: needs {@code secretsmanager:ListSecrets} only. */
  @Override
  public void ping() {
    client.listSecrets(b -> b.maxResults(1));
  }

  @Override
  public Map<String, String> getSecret(GetSecretRequest request) {
    GetSecretValueRequest.Builder b = GetSecretValueRequest.builder().secretId(request.name());
    String versionId = request.metadata().get("version_id");
    if (versionId != null && !versionId.isEmpty()) {
      b.versionId(versionId);
    }
    String stage = request.metadata().get("version_stage");
    if (stage != null && !stage.isEmpty()) {
      b.versionStage(stage);
    }
    try {
      return format(client.getSecretValue(b.build()));
    } catch (ResourceNotFoundException e) {
      return null;
    }
  }

  @Override
  public Map<String, Map<String, String>> bulkGetSecret(BulkGetSecretRequest request) {
    Map<String, Map<String, String>> all = new LinkedHashMap<>();
    String token = null;
    do {
      String next = token;
      ListSecretsResponse page = client.listSecrets(b -> b.nextToken(next));
      for (SecretListEntry entry : page.secretList()) {
        try {
          all.put(entry.name(), format(client.getSecretValue(b -> b.secretId(entry.name()))));
        } catch (ResourceNotFoundException deleted) {
          // Deleted between the listing and the read.
        }
      }
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return all;
  }

  private Map<String, String> format(GetSecretValueResponse r) {
    String value = r.secretString();
    if (r.name() == null || value == null) {
      return Map.of();
    }
    if (multiple) {
      JsonNode node = null;
      try {
        node = JSON.readTree(value);
      } catch (IOException notJson) {
        // A plain string: one key, the secret's name.
      }
      if (node != null && node.isObject()) {
        Map<String, String> fields = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> f = it.next();
          JsonNode v = f.getValue();
          fields.put(f.getKey(), v.isTextual() ? v.asText() : v.toString());
        }
        return Map.copyOf(fields);
      }
    }
    return Map.of(r.name(), value);
  }

  @Override
  public void close() {
    client.close();
    aws.close();
  }

  @Override
  public String toString() {
    return "SecretManagerSecretStoreComponent["
        + owner
        + ", "
        + aws
        + ", multipleKeyValuesPerSecret="
        + multiple
        + "]";
  }
}
