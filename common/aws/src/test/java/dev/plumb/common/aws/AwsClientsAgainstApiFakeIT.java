package dev.plumb.common.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.plumb.api.ConfigurationException;
import dev.plumb.api.spi.ComponentContext;
import dev.plumb.api.spi.ComponentMetadata;
import dev.plumb.api.spi.Scheduler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Credentials, region and endpoint, checked on the wire: AWS STS has no local emulator, so a
 * loopback HTTP server answers the STS query protocol ({@code AssumeRole}, {@code
 * GetCallerIdentity}) and records what the SDK sent, signature included.
 */
class AwsClientsAgainstApiFakeIT {
  private HttpServer server;
  private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  @AfterEach
  void stopStub() {
    server.stop(0);
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    System.clearProperty("aws.region");
  }

  private void answer(HttpExchange ex) throws IOException {
    Map<String, String> form = new HashMap<>();
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    for (String kv : body.split("&")) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        form.put(
            kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    form.put("Authorization", ex.getRequestHeaders().getFirst("Authorization"));
    requests.add(form);
    String xml =
        switch (form.getOrDefault("Action", "")) {
          case "AssumeRole" ->
              "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                  + "<AssumeRoleResult><Credentials>"
                  + "<AccessKeyId>ASIAROLE</AccessKeyId>"
                  + "<SecretAccessKey>role-secret</SecretAccessKey>"
                  + "<SessionToken>role-token</SessionToken>"
                  + "<Expiration>2099-01-01T00:00:00Z</Expiration>"
                  + "</Credentials><AssumedRoleUser>"
                  + "<AssumedRoleId>AROA:s</AssumedRoleId>"
                  + "<Arn>arn:aws:sts::123456789012:assumed-role/plumb/s</Arn>"
                  + "</AssumedRoleUser></AssumeRoleResult>"
                  + "<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>"
                  + "</AssumeRoleResponse>";
          default ->
              "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                  + "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/u</Arn>"
                  + "<UserId>U</UserId><Account>123456789012</Account>"
                  + "</GetCallerIdentityResult>"
                  + "<ResponseMetadata><RequestId>2</RequestId></ResponseMetadata>"
                  + "</GetCallerIdentityResponse>";
        };
    byte[] out = xml.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "text/xml");
    ex.sendResponseHeaders(200, out.length);
    ex.getResponseBody().write(out);
    ex.close();
  }

  private String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static AwsSettings settings(Map<String, String> values) {
    ComponentMetadata md = ComponentMetadata.of("component 'aws'", values);
    AwsSettings s = AwsSettings.read(md);
    md.validate();
    return s;
  }

  @Test
  void staticKeysRegionAndEndpointReachTheClient() {
    AwsSettings s =
        settings(
            Map.of(
                "region", "eu-west-1",
                "endpoint", endpoint(),
                "accessKey", "AKIASTATIC",
                "secretKey", "static-secret",
                "sessionToken", "static-token"));
    try (AwsClients aws = AwsClients.create(CONTEXT, s);
        StsClient sts = aws.configure(StsClient.builder()).build()) {
      assertThat(aws.region()).isEqualTo(Region.EU_WEST_1);
      AwsCredentials c = aws.credentials().resolveCredentials();
      assertThat(c).isInstanceOf(AwsSessionCredentials.class);
      assertThat(((AwsSessionCredentials) c).sessionToken()).isEqualTo("static-token");
      assertThat(sts.getCallerIdentity().account()).isEqualTo("123456789012");
      assertThat(requests)
          .singleElement()
          .satisfies(
              r ->
                  assertThat(r.get("Authorization"))
                      .contains("Credential=AKIASTATIC/")
                      .contains("/eu-west-1/sts/aws4_request"));
      assertThat(aws.toString()).doesNotContain("static-secret").doesNotContain("static-token");
    }
  }

  @Test
  void assumeRoleAsksStsWithTheDefaultChainAndUsesTheSession() {
    System.setProperty("aws.accessKeyId", "AKIABASE");
    System.setProperty("aws.secretAccessKey", "base-secret");
    AwsSettings s =
        settings(
            Map.of(
                "region", "us-east-1",
                "endpoint", endpoint(),
                "assumeRoleArn", "arn:aws:iam::123456789012:role/plumb"));
    try (AwsClients aws = AwsClients.create(CONTEXT, s);
        StsClient sts = aws.configure(StsClient.builder()).build()) {
      AwsCredentials c = aws.credentials().resolveCredentials();
      assertThat(c.accessKeyId()).isEqualTo("ASIAROLE");
      assertThat(c.secretAccessKey()).isEqualTo("role-secret");
      assertThat(((AwsSessionCredentials) c).sessionToken()).isEqualTo("role-token");
      sts.getCallerIdentity();
    }
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0))
        .containsEntry("Action", "AssumeRole")
        .containsEntry("RoleArn", "arn:aws:iam::123456789012:role/plumb")
        .containsEntry("RoleSessionName", "DaprDefaultSession");
    assertThat(requests.get(0).get("Authorization")).contains("Credential=AKIABASE/");
    assertThat(requests.get(1).get("Authorization")).contains("Credential=ASIAROLE/");
  }

  @Test
  void regionComesFromTheSdkDefaultsOrFailsNamingTheComponent() {
    assumeTrue(
        System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null,
        "the environment sets a default AWS region");
    System.setProperty("aws.region", "ap-south-1");
    try (AwsClients aws = AwsClients.create(CONTEXT, settings(Map.of()))) {
      assertThat(aws.region()).isEqualTo(Region.AP_SOUTH_1);
    }
    System.clearProperty("aws.region");
    String disableImds = System.setProperty("aws.disableEc2Metadata", "true");
    String noConfig = System.setProperty("aws.configFile", "/nonexistent/plumb-aws-config");
    try {
      assertThatThrownBy(() -> AwsClients.create(CONTEXT, settings(Map.of())))
          .isInstanceOf(ConfigurationException.class)
          .hasMessage(
              "component 'queue' (pubsub.aws.snssqs): metadata 'region' is required when the AWS"
                  + " SDK finds no default region");
    } finally {
      restore("aws.disableEc2Metadata", disableImds);
      restore("aws.configFile", noConfig);
    }
  }

  private static void restore(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }

  private static final ComponentContext CONTEXT =
      new ComponentContext() {
        @Override
        public String name() {
          return "queue";
        }

        @Override
        public String type() {
          return "pubsub.aws.snssqs";
        }

        @Override
        public String version() {
          return "v1";
        }

        @Override
        public String appId() {
          return "test";
        }

        @Override
        public ComponentMetadata metadata() {
          return ComponentMetadata.of("component 'queue'", Map.of());
        }

        @Override
        public Clock clock() {
          return Clock.systemUTC();
        }

        @Override
        public Scheduler scheduler() {
          throw new UnsupportedOperationException();
        }

        @Override
        public Executor blockingExecutor() {
          throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> env(String name) {
          return Optional.empty();
        }
      };
}
