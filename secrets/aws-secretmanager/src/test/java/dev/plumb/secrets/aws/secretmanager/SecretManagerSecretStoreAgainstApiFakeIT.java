package dev.plumb.secrets.aws.secretmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.secrets.spi.BulkGetSecretRequest;
import dev.plumb.api.secrets.spi.GetSecretRequest;
import dev.plumb.api.secrets.spi.SecretStoreComponent;
import dev.plumb.testkit.TestComponentContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * {@code secretstores.aws.secretmanager} against the fake of Secrets Manager's JSON API: version
 * ids and stages, multi-valued JSON secrets, binary secrets, paged bulk get, the shared AWS
 * settings on the wire, errors, and values kept out of logs, errors and {@code toString()}.
 */
@ExtendWith(SecretsManagerApiFake.Resolver.class)
class SecretManagerSecretStoreAgainstApiFakeIT {
  private static final String TYPE = "secretstores.aws.secretmanager";
  private static final String VALUE = "pa55-never-printed";
  private static final String SECRET_KEY = "aws-secret-key-never-printed";
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  private static SecretsManagerApiFake aws;
  private static String dbV1;
  private static String dbV2;

  @BeforeAll
  static void arrange(SecretsManagerApiFake fake) {
    aws = fake;
    dbV1 = aws.put(RUN + "/db", "{\"username\":\"app\",\"password\":\"old\"}");
    dbV2 =
        aws.put(RUN + "/db", "{\"username\":\"app\",\"password\":\"" + VALUE + "\",\"port\":5432}");
    aws.put(RUN + "/plain", "just-a-string");
    aws.putBinary(RUN + "/blob", new byte[] {1, 2, 3});
    for (int i = 0; i < 5; i++) {
      aws.put(RUN + "/many-" + i, "v" + i);
    }
  }

  private static SecretStoreComponent create(Map<String, String> metadata) {
    Map<String, String> md = new HashMap<>();
    md.put("endpoint", aws.endpoint());
    md.put("region", "eu-west-1");
    md.put("accessKey", "AKIAPLUMBTEST");
    md.put("secretKey", SECRET_KEY);
    md.putAll(metadata);
    return new SecretManagerSecretStoreProvider()
        .create(new TestComponentContext("awssecrets", TYPE, md));
  }

  @Test
  void aSecretIsItsStringUnderItsNameUnlessMultiValued() throws Exception {
    try (SecretStoreComponent store = create(Map.of())) {
      assertThat(store.multipleKeyValuesPerSecret()).isFalse();
      assertThat(store.getSecret(GetSecretRequest.of(RUN + "/plain")))
          .isEqualTo(Map.of(RUN + "/plain", "just-a-string"));
      assertThat(store.getSecret(GetSecretRequest.of(RUN + "/db"))).containsOnlyKeys(RUN + "/db");
      assertThat(store.getSecret(GetSecretRequest.of(SecretsManagerApiFake.arn(RUN + "/plain"))))
          .as("by ARN")
          .isEqualTo(Map.of(RUN + "/plain", "just-a-string"));
      assertThat(store.getSecret(GetSecretRequest.of(RUN + "/blob"))).as("binary").isEmpty();
      assertThat(store.getSecret(GetSecretRequest.of(RUN + "/missing"))).isNull();
    }
    try (SecretStoreComponent store = create(Map.of("multipleKeyValuesPerSecret", "true"))) {
      assertThat(store.multipleKeyValuesPerSecret()).isTrue();
      assertThat(store.getSecret(GetSecretRequest.of(RUN + "/db")))
          .isEqualTo(Map.of("username", "app", "password", VALUE, "port", "5432"));
      assertThat(store.getSecret(GetSecretRequest.of(RUN + "/plain")))
          .as("not a JSON object")
          .isEqualTo(Map.of(RUN + "/plain", "just-a-string"));
    }
  }

  @Test
  void versionIdsAndStagesSelectAVersion() throws Exception {
    aws.label(RUN + "/db", dbV1, "BLUE");
    try (SecretStoreComponent store = create(Map.of("multipleKeyValuesPerSecret", "true"))) {
      assertThat(store.getSecret(new GetSecretRequest(RUN + "/db", Map.of("version_id", dbV1))))
          .containsEntry("password", "old");
      assertThat(
              store.getSecret(
                  new GetSecretRequest(RUN + "/db", Map.of("version_stage", "AWSPREVIOUS"))))
          .containsEntry("password", "old");
      assertThat(
              store.getSecret(new GetSecretRequest(RUN + "/db", Map.of("version_stage", "BLUE"))))
          .containsEntry("password", "old");
      assertThat(
              store.getSecret(
                  new GetSecretRequest(
                      RUN + "/db", Map.of("version_id", dbV2, "version_stage", "AWSCURRENT"))))
          .containsEntry("password", VALUE);
      assertThat(
              store.getSecret(
                  new GetSecretRequest(
                      RUN + "/db", Map.of("version_id", dbV1, "version_stage", "AWSCURRENT"))))
          .as("id and stage of different versions")
          .isNull();
      assertThat(
              store.getSecret(
                  new GetSecretRequest(RUN + "/db", Map.of("version_id", UUID.randomUUID() + ""))))
          .isNull();
    }
  }

  @Test
  void bulkGetPagesThroughEverySecret() throws Exception {
    int listCalls = count("secretsmanager.ListSecrets");
    try (SecretStoreComponent store = create(Map.of())) {
      Map<String, Map<String, String>> all =
          store.bulkGetSecret(new BulkGetSecretRequest(Map.of()));
      for (int i = 0; i < 5; i++) {
        assertThat(all).containsEntry(RUN + "/many-" + i, Map.of(RUN + "/many-" + i, "v" + i));
      }
      assertThat(all).containsEntry(RUN + "/blob", Map.of());
      assertThat(all.get(RUN + "/db")).containsOnlyKeys(RUN + "/db");
    }
    assertThat(count("secretsmanager.ListSecrets") - listCalls)
        .as("this class's 8 secrets, %s a page", SecretsManagerApiFake.PAGE)
        .isGreaterThanOrEqualTo(4);
  }

  @Test
  void theSharedAwsSettingsReachTheWire() throws Exception {
    try (SecretStoreComponent store = create(Map.of())) {
      store.ping();
      store.getSecret(GetSecretRequest.of(RUN + "/plain"));
    }
    String[] last = aws.requests.get(aws.requests.size() - 1);
    assertThat(last[0]).isEqualTo("secretsmanager.GetSecretValue");
    assertThat(last[1])
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIAPLUMBTEST/")
        .contains("/eu-west-1/secretsmanager/aws4_request");
  }

  @Test
  void badMetadataFailsAtCreateAndServiceErrorsSurface() throws Exception {
    assertThatThrownBy(() -> create(Map.of("multipleKeyValuesPerSecret", "maybe", "secretKey", "")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("metadata 'multipleKeyValuesPerSecret'")
        .hasMessageContaining("'accessKey' and 'secretKey' must be given together");
    try (SecretStoreComponent store = create(Map.of("endpoint", "http://127.0.0.1:1"))) {
      assertThatThrownBy(() -> store.getSecret(GetSecretRequest.of("x")))
          .isInstanceOf(software.amazon.awssdk.core.exception.SdkClientException.class);
    }
  }

  private static int count(String target) {
    return (int) aws.requests.stream().filter(r -> target.equals(r[0])).count();
  }

  @Test
  void valuesAndKeysNeverReachLogsErrorsOrToString() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    StringBuilder text = new StringBuilder();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      LoggerFactory.getLogger("software.amazon.awssdk.request").trace("capture-sentinel");
      try (SecretStoreComponent store = create(Map.of("multipleKeyValuesPerSecret", "true"))) {
        text.append(store);
        assertThat(store.getSecret(GetSecretRequest.of(RUN + "/db")))
            .containsEntry("password", VALUE);
        assertThat(store.bulkGetSecret(new BulkGetSecretRequest(Map.of())))
            .containsKey(RUN + "/db");
      }
    } finally {
      System.setErr(original);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).contains("capture-sentinel");
    assertThat(logs + text).doesNotContain(VALUE).doesNotContain(SECRET_KEY);
  }
}
