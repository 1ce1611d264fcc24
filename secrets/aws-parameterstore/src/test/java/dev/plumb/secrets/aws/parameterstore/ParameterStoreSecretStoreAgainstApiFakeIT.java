package dev.plumb.secrets.aws.parameterstore;

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
 * {@code secretstores.aws.parameterstore} against the fake of Parameter Store's JSON API: the
 * prefix, versions and labels, decryption of {@code SecureString}s, paged and batched bulk get, the
 * shared AWS settings on the wire, errors, and values kept out of logs, errors and {@code
 * toString()}.
 */
@ExtendWith(ParameterStoreApiFake.Resolver.class)
class ParameterStoreSecretStoreAgainstApiFakeIT {
  private static final String TYPE = "secretstores.aws.parameterstore";
  private static final String VALUE = "pa55-never-printed";
  private static final String SECRET_KEY = "aws-secret-key-never-printed";
  private static final String PREFIX =
      "/plumb-" + UUID.randomUUID().toString().substring(0, 8) + "/";

  private static ParameterStoreApiFake aws;

  @BeforeAll
  static void arrange(ParameterStoreApiFake fake) {
    aws = fake;
    aws.put(PREFIX + "db-password", "old", "SecureString");
    aws.put(PREFIX + "db-password", VALUE, "SecureString");
    aws.label(PREFIX + "db-password", 1, "blue");
    aws.put(PREFIX + "plain", "p", "String");
    for (int i = 0; i < 12; i++) {
      aws.put(PREFIX + "many/" + i, "v" + i, "String");
    }
  }

  private static SecretStoreComponent create(Map<String, String> metadata) {
    Map<String, String> md = new HashMap<>();
    md.put("endpoint", aws.endpoint());
    md.put("region", "eu-west-1");
    md.put("accessKey", "AKIAPLUMBTEST");
    md.put("secretKey", SECRET_KEY);
    md.put("prefix", PREFIX);
    md.putAll(metadata);
    return new ParameterStoreSecretStoreProvider()
        .create(new TestComponentContext("ssm", TYPE, md));
  }

  @Test
  void aSecretIsTheDecryptedParameterUnderItsNameWithoutThePrefix() throws Exception {
    try (SecretStoreComponent store = create(Map.of())) {
      assertThat(store.multipleKeyValuesPerSecret()).isFalse();
      assertThat(store.getSecret(GetSecretRequest.of("db-password")))
          .isEqualTo(Map.of("db-password", VALUE));
      assertThat(store.getSecret(GetSecretRequest.of("plain"))).isEqualTo(Map.of("plain", "p"));
      assertThat(store.getSecret(GetSecretRequest.of("missing"))).isNull();
    }
    assertThat(aws.requests)
        .anyMatch(
            r ->
                "AmazonSSM.GetParameter".equals(r[0])
                    && r[2].contains("\"Name\":\"" + PREFIX + "db-password\"")
                    && r[2].contains("\"WithDecryption\":true"));
  }

  @Test
  void versionIdSelectsAVersionOrALabel() throws Exception {
    try (SecretStoreComponent store = create(Map.of())) {
      assertThat(store.getSecret(new GetSecretRequest("db-password", Map.of("version_id", "1"))))
          .isEqualTo(Map.of("db-password", "old"));
      assertThat(store.getSecret(new GetSecretRequest("db-password", Map.of("version_id", "2"))))
          .isEqualTo(Map.of("db-password", VALUE));
      assertThat(store.getSecret(new GetSecretRequest("db-password", Map.of("version_id", "blue"))))
          .isEqualTo(Map.of("db-password", "old"));
      assertThat(store.getSecret(new GetSecretRequest("db-password", Map.of("version_id", "9"))))
          .isNull();
    }
  }

  @Test
  void bulkGetPagesThroughThePrefixAndReadsTenAtATime() throws Exception {
    int describes = count("AmazonSSM.DescribeParameters");
    int batches = count("AmazonSSM.GetParameters");
    try (SecretStoreComponent store = create(Map.of())) {
      Map<String, Map<String, String>> all =
          store.bulkGetSecret(new BulkGetSecretRequest(Map.of()));
      assertThat(all).hasSize(14);
      assertThat(all).containsEntry("db-password", Map.of("db-password", VALUE));
      for (int i = 0; i < 12; i++) {
        assertThat(all).containsEntry("many/" + i, Map.of("many/" + i, "v" + i));
      }
    }
    assertThat(count("AmazonSSM.DescribeParameters") - describes)
        .as("14 names, 3 a page")
        .isEqualTo(5);
    assertThat(count("AmazonSSM.GetParameters") - batches).as("14 names, 10 a call").isEqualTo(2);
  }

  @Test
  void withoutAPrefixBulkGetListsEverything() throws Exception {
    try (SecretStoreComponent store = create(Map.of("prefix", ""))) {
      assertThat(store.bulkGetSecret(new BulkGetSecretRequest(Map.of())))
          .containsEntry(PREFIX + "plain", Map.of(PREFIX + "plain", "p"));
      assertThat(store.getSecret(GetSecretRequest.of(PREFIX + "plain")))
          .isEqualTo(Map.of(PREFIX + "plain", "p"));
    }
  }

  @Test
  void theSharedAwsSettingsReachTheWireAndBadMetadataFailsAtCreate() throws Exception {
    try (SecretStoreComponent store = create(Map.of())) {
      store.ping();
    }
    String[] last = aws.requests.get(aws.requests.size() - 1);
    assertThat(last[0]).isEqualTo("AmazonSSM.DescribeParameters");
    assertThat(last[1])
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIAPLUMBTEST/")
        .contains("/eu-west-1/ssm/aws4_request");
    assertThatThrownBy(() -> create(Map.of("accessKey", "")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("component 'ssm'")
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
      try (SecretStoreComponent store = create(Map.of())) {
        text.append(store);
        assertThat(store.getSecret(GetSecretRequest.of("db-password")))
            .containsEntry("db-password", VALUE);
        assertThat(store.bulkGetSecret(new BulkGetSecretRequest(Map.of())))
            .containsKey("db-password");
      }
    } finally {
      System.setErr(original);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).contains("capture-sentinel");
    assertThat(logs + text).doesNotContain(VALUE).doesNotContain(SECRET_KEY);
  }
}
