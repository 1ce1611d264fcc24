package dev.plumb.common.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.spi.ComponentMetadata;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsSettingsTest {

  private static AwsSettings read(Map<String, String> values) {
    ComponentMetadata md = ComponentMetadata.of("component 'aws'", values);
    AwsSettings s = AwsSettings.read(md);
    md.validate();
    return s;
  }

  private static List<String> problems(Map<String, String> values) {
    ComponentMetadata md = ComponentMetadata.of("component 'aws'", values);
    AwsSettings.read(md);
    try {
      md.validate();
      return List.of();
    } catch (ConfigurationException e) {
      return e.problems();
    }
  }

  @Test
  void daprNamesAndAliases() {
    AwsSettings s =
        read(
            Map.of(
                "awsRegion", "eu-west-1",
                "endpoint", "localhost:4566",
                "accessKey", "AKIA",
                "secretKey", "s3cret",
                "sessionToken", "tok"));
    assertThat(s.region).isEqualTo("eu-west-1");
    assertThat(s.endpoint()).contains(URI.create("https://localhost:4566"));
    assertThat(s.accessKey).isEqualTo("AKIA");
    assertThat(s.secretKey).isEqualTo("s3cret");
    assertThat(s.sessionToken).isEqualTo("tok");
    assertThat(s.sessionName).isEqualTo("DaprDefaultSession");

    AwsSettings role =
        read(
            Map.of(
                "region", "us-east-1",
                "awsRegion", "eu-west-1",
                "endpoint", "http://127.0.0.1:8000",
                "assumeRoleArn", "arn:aws:iam::1:role/r",
                "assumeRoleSessionName", "legacy"));
    assertThat(role.region).isEqualTo("us-east-1");
    assertThat(role.endpoint()).contains(URI.create("http://127.0.0.1:8000"));
    assertThat(role.assumeRoleArn).isEqualTo("arn:aws:iam::1:role/r");
    assertThat(role.sessionName).isEqualTo("legacy");
    assertThat(read(Map.of("assumeRoleArn", "a", "sessionName", "s", "assumeRoleSessionName", "x")))
        .extracting(a -> a.sessionName)
        .isEqualTo("s");

    AwsSettings none = read(Map.of());
    assertThat(none.region).isNull();
    assertThat(none.endpoint()).isEmpty();
    assertThat(none.accessKey).isNull();
  }

  @Test
  void everyProblemAtOnceWithoutSecrets() {
    Map<String, String> md = new HashMap<>();
    md.put("endpoint", "http://bad host");
    md.put("accessKey", "only-half");
    md.put("trustAnchorArn", "arn:aws:rolesanywhere:x");
    assertThat(problems(md))
        .containsExactlyInAnyOrder(
            "component 'aws': metadata 'endpoint' is not a URL, got 'http://bad host'",
            "component 'aws': metadata 'accessKey' and 'secretKey' must be given together",
            "component 'aws': metadata 'trustAnchorArn'/'trustProfileArn': IAM Roles Anywhere"
                + " authentication is not supported");
    assertThat(problems(Map.of("secretKey", "hunter2")))
        .singleElement()
        .asString()
        .doesNotContain("hunter2");
  }

  @Test
  void toStringHoldsNoKeys() {
    assertThat(
            read(Map.of("region", "us-east-1", "accessKey", "AKIA", "secretKey", "hunter2"))
                .toString())
        .isEqualTo("AwsSettings[region=us-east-1, endpoint=null, credentials=static]");
    assertThat(read(Map.of("assumeRoleArn", "arn:aws:iam::1:role/r")).toString())
        .isEqualTo(
            "AwsSettings[region=default chain, endpoint=null,"
                + " credentials=assumed role arn:aws:iam::1:role/r]");
  }
}
