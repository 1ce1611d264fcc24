package dev.plumb.bindings.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ComponentException;
import dev.plumb.api.ConfigurationException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.UnsupportedFeatureException;
import dev.plumb.api.bindings.BindingException;
import dev.plumb.api.bindings.BindingResponse;
import dev.plumb.api.bindings.OutputBinding;
import dev.plumb.runtime.Plumb;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP binding through Plumb against a real HTTP server started by the test. */
class HttpBindingTest {
  @RegisterExtension static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

  private static TestHttpServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = TestHttpServer.http();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static Plumb plumb(Map<String, String> extra) {
    Map<String, String> md = new HashMap<>(Map.of("url", server.url()));
    md.putAll(extra);
    return Plumb.builder()
        .openTelemetry(OTEL.getOpenTelemetry())
        .component("api", "bindings.http", md)
        .build();
  }

  private static TestHttpServer.Seen last() {
    return server.seen.get(server.seen.size() - 1);
  }

  @Test
  void everyVerbIsSentWithItsMethodAndOnlyPostPutAndPatchCarryTheData() {
    try (Plumb plumb = plumb(Map.of())) {
      OutputBinding api = plumb.outputBinding("api");
      assertThat(api.operations())
          .containsExactlyInAnyOrder(
              "create", "get", "head", "post", "put", "patch", "delete", "options", "trace");
      Map<String, String> echo = Map.of("path", "/echo");
      for (String op : api.operations()) {
        api.invoke(op, "payload", echo);
        TestHttpServer.Seen seen = last();
        String method = op.equals("create") ? "POST" : op.toUpperCase();
        assertThat(seen.method()).as(op).isEqualTo(method);
        boolean body = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        assertThat(seen.body()).as(op).isEqualTo(body ? "payload" : "");
        assertThat(seen.header("Content-type"))
            .as(op)
            .isEqualTo(body ? "application/json; charset=utf-8" : null);
        assertThat(seen.header("Accept")).isEqualTo("application/json; charset=utf-8");
      }
    }
  }

  @Test
  void capitalisedMetadataKeysAreHeadersAndPathIsAppended() {
    try (Plumb plumb = plumb(Map.of())) {
      plumb
          .outputBinding("api")
          .invoke(
              "post",
              "{}",
              Map.of(
                  "path", "echo/orders?id=7",
                  "X-Tenant", "acme",
                  "Content-Type", "text/plain",
                  "Accept", "text/csv",
                  "lowercase", "not a header"));
    }
    TestHttpServer.Seen seen = last();
    assertThat(seen.path()).isEqualTo("/echo/orders?id=7");
    assertThat(seen.header("X-tenant")).isEqualTo("acme");
    assertThat(seen.header("Content-type")).isEqualTo("text/plain");
    assertThat(seen.header("Accept")).isEqualTo("text/csv");
    assertThat(seen.headers()).doesNotContainKey("Lowercase");
  }

  @Test
  void aUrlWithAPathAndATrailingSlashJoinsThePathWithOneSlash() {
    try (Plumb plumb =
        Plumb.builder()
            .component("api", "bindings.http", Map.of("url", server.url() + "/echo/"))
            .build()) {
      plumb.outputBinding("api").invoke("get", null, Map.of("path", "/a/b"));
    }
    assertThat(last().path()).isEqualTo("/echo/a/b");
  }

  @Test
  void theAnswerCarriesStatusAndHeadersAsDaprNamesThem() {
    try (Plumb plumb = plumb(Map.of())) {
      BindingResponse r = plumb.outputBinding("api").invoke("post", "hi", Map.of("path", "echo"));
      assertThat(r.dataAsString()).isEqualTo("hi");
      assertThat(r.metadata())
          .containsEntry("statusCode", "200")
          .containsEntry("status", "200 OK")
          .containsEntry("X-Reply", "a")
          .containsEntry("X-Multi", "one, two")
          .containsEntry("Content-Length", "2");
      BindingResponse head =
          plumb.outputBinding("api").invoke("head", null, Map.of("path", "echo"));
      assertThat(head.data()).as("a response without a body has no data").isNull();
    }
  }

  @Test
  void aStatusOutside2xxIsAnErrorCarryingTheAnswerUnlessErrorIfNot2xxIsFalse() {
    try (Plumb plumb = plumb(Map.of())) {
      OutputBinding api = plumb.outputBinding("api");
      assertThatThrownBy(() -> api.invoke("get", null, Map.of("path", "status/404")))
          .isInstanceOfSatisfying(
              BindingException.class,
              e -> {
                assertThat(e.response().metadata())
                    .containsEntry("statusCode", "404")
                    .containsEntry("status", "404 Not Found");
                assertThat(e.response().dataAsString()).isEqualTo("nope");
              })
          .hasMessage("component 'api' (bindings.http): get: received status code 404");
      BindingResponse r =
          api.invoke("get", null, Map.of("path", "status/503", "errorIfNot2XX", "false"));
      assertThat(r.metadata()).containsEntry("status", "503 Service Unavailable");
    }
    try (Plumb plumb = plumb(Map.of("errorIfNot2XX", "false"))) {
      assertThat(
              plumb
                  .outputBinding("api")
                  .invoke("get", null, Map.of("path", "status/500"))
                  .metadata()
                  .get("statusCode"))
          .isEqualTo("500");
    }
  }

  @Test
  void aResponseLargerThanMaxResponseBodySizeIsAnErrorNamingTheField() {
    try (Plumb plumb = plumb(Map.of("maxResponseBodySize", "1Ki"))) {
      OutputBinding api = plumb.outputBinding("api");
      assertThat(api.invoke("get", null, Map.of("path", "bytes/1024")).data()).hasSize(1024);
      assertThatThrownBy(() -> api.invoke("get", null, Map.of("path", "bytes/200000")))
          .isInstanceOfSatisfying(
              BindingException.class,
              e -> assertThat(e.response().metadata()).containsEntry("statusCode", "200"))
          .hasMessage(
              "component 'api' (bindings.http): get: the response body is larger than"
                  + " maxResponseBodySize (1Ki = 1024 bytes)");
    }
    try (Plumb plumb = plumb(Map.of("maxResponseBodySize", "0"))) {
      assertThat(
              plumb.outputBinding("api").invoke("get", null, Map.of("path", "bytes/300000")).data())
          .as("zero means no limit")
          .hasSize(300000);
    }
  }

  @Test
  void responseTimeoutBoundsTheExchange() {
    try (Plumb plumb = plumb(Map.of("responseTimeout", "200ms"))) {
      assertThatThrownBy(
              () -> plumb.outputBinding("api").invoke("get", null, Map.of("path", "slow")))
          .isInstanceOf(ComponentException.class)
          .hasMessageContaining("get failed: no complete response within responseTimeout (200ms)");
    }
  }

  @Test
  void theSecurityTokenGoesInItsHeader() {
    try (Plumb plumb =
        plumb(Map.of("securityToken", "s3cr3t", "securityTokenHeader", "X-Api-Key"))) {
      plumb.outputBinding("api").invoke("get", null, Map.of("path", "echo"));
    }
    assertThat(last().header("X-api-key")).isEqualTo("s3cr3t");
  }

  @Test
  void theCallsTraceContextIsSentAsTraceparent() {
    try (Plumb plumb = plumb(Map.of())) {
      plumb.outputBinding("api").invoke("get", null, Map.of("path", "echo"));
    }
    SpanData span = OTEL.getSpans().get(OTEL.getSpans().size() - 1);
    assertThat(span.getName()).isEqualTo("bindings/get");
    assertThat(last().header("Traceparent"))
        .isEqualTo("00-" + span.getTraceId() + "-" + span.getSpanId() + "-01");
  }

  @Test
  void badRequestsAreRefusedNamingTheBindingTheOperationAndTheField() {
    try (Plumb plumb = plumb(Map.of())) {
      OutputBinding api = plumb.outputBinding("api");
      assertThatThrownBy(() -> api.invoke("list", null))
          .isInstanceOf(UnsupportedFeatureException.class)
          .hasMessageContaining(
              "output binding 'api' (bindings.http) does not support operation 'list'");
      assertThatThrownBy(() -> api.invoke("get", null, Map.of("Host", "evil")))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith(
              "output binding 'api' (bindings.http): operation 'get': request metadata 'Host'"
                  + " cannot be sent as a header");
      assertThatThrownBy(() -> api.invoke("get", null, Map.of("path", "a b")))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith(
              "output binding 'api' (bindings.http): operation 'get': request metadata 'path'"
                  + " does not make a valid URL");
    }
  }

  @Test
  void badMetadataFailsTheBuild() {
    assertThatThrownBy(() -> Plumb.builder().component("api", "bindings.http", Map.of()).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("metadata 'url' is required");
    assertBuildFails(Map.of("url", "ftp://example.org"), "must be an http or https URL");
    assertBuildFails(
        Map.of("url", server.url(), "maxResponseBodySize", "10 MB"),
        "metadata 'maxResponseBodySize': expected a size in bytes");
    assertBuildFails(
        Map.of("url", server.url(), "responseTimeout", "soon"), "metadata 'responseTimeout'");
    assertBuildFails(
        Map.of("url", server.url(), "MTLSRenegotiation", "Always"),
        "metadata 'MTLSRenegotiation' must be one of");
    assertBuildFails(
        Map.of("url", server.url(), "MTLSClientCert", "/nowhere/cert.pem"),
        "metadata 'MTLSClientCert' and 'MTLSClientKey' go together");
    assertBuildFails(
        Map.of("url", server.url(), "MTLSRootCA", "/nowhere/ca.pem"),
        "metadata 'MTLSRootCA' is neither PEM text nor the path of a readable file");
  }

  private static void assertBuildFails(Map<String, String> md, String message) {
    assertThatThrownBy(() -> Plumb.builder().component("api", "bindings.http", md).build())
        .as(md.toString())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(message);
  }

  @Test
  void mutualTlsWithPemTextOrFilesAndPkcs8OrPkcs1Keys(@TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    Path caFile = Files.writeString(dir.resolve("ca.pem"), certs.serverCertPem());
    Path keyFile = Files.writeString(dir.resolve("client.key"), certs.clientKeyPkcs1Pem());
    try (TestHttpServer tls = TestHttpServer.https(certs.serverContext(), true)) {
      Map<String, String> pemText =
          Map.of(
              "url", tls.url(),
              "MTLSRootCA", certs.serverCertPem(),
              "MTLSClientCert", certs.clientCertPem(),
              "MTLSClientKey", certs.clientKeyPkcs8Pem(),
              "MTLSRenegotiation", "RenegotiateOnceAsClient");
      Map<String, String> files =
          Map.of(
              "url", tls.url(),
              "MTLSRootCA", caFile.toString(),
              "MTLSClientCert", certs.clientCertPem(),
              "MTLSClientKey", keyFile.toString());
      for (Map<String, String> md : java.util.List.of(pemText, files)) {
        try (Plumb plumb = Plumb.builder().component("api", "bindings.http", md).build()) {
          BindingResponse r =
              plumb.outputBinding("api").invoke("post", "over tls", Map.of("path", "echo"));
          assertThat(r.dataAsString()).isEqualTo("over tls");
        }
      }
      try (Plumb plumb =
          Plumb.builder()
              .component(
                  "api",
                  "bindings.http",
                  Map.of("url", tls.url(), "MTLSRootCA", certs.serverCertPem()))
              .build()) {
        assertThatThrownBy(
                () -> plumb.outputBinding("api").invoke("get", null, Map.of("path", "echo")))
            .as("the server wants a client certificate")
            .isInstanceOf(ComponentException.class);
      }
    }
  }
}
