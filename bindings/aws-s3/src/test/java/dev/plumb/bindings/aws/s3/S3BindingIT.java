package dev.plumb.bindings.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumb.api.ConfigurationException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.bindings.BindingResponse;
import dev.plumb.api.bindings.OutputBinding;
import dev.plumb.runtime.Plumb;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The S3 binding through Plumb against S3Mock. */
class S3BindingIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Plumb plumb;
  private static OutputBinding s3;

  @BeforeAll
  static void start() throws Exception {
    plumb = Plumb.builder().component("files", "bindings.aws.s3", S3Mock.metadata()).build();
    s3 = plumb.outputBinding("files");
  }

  @AfterAll
  static void stop() {
    plumb.close();
  }

  @Test
  void createGetListDeleteAndPresign() throws Exception {
    String key = S3Mock.key();
    BindingResponse created =
        s3.invoke("create", "hello", Map.of("key", key, "contentType", "text/plain"));
    JsonNode answer = JSON.readTree(created.data());
    assertThat(answer.get("location").asText()).endsWith("/" + S3Mock.BUCKET + "/" + key);
    assertThat(created.metadata()).containsEntry("key", key);
    assertThat(s3.invoke("get", null, Map.of("key", key), String.class)).isEqualTo("hello");
    assertThat(s3.invoke("get", null, Map.of("key", key, "encodeBase64", "true"), String.class))
        .isEqualTo(Base64.getEncoder().encodeToString("hello".getBytes()));

    JsonNode listing = JSON.readTree(s3.invoke("list", "{\"prefix\": \"" + key + "\"}").data());
    assertThat(listing.get("Contents")).hasSize(1);
    assertThat(listing.get("Contents").get(0).get("Key").asText()).isEqualTo(key);

    String url =
        JSON.readTree(s3.invoke("presign", null, Map.of("key", key, "presignTTL", "15m")).data())
            .get("presignURL")
            .asText();
    HttpResponse<String> fetched =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(fetched.body()).isEqualTo("hello");

    s3.invoke("delete", null, Map.of("key", key));
    assertThat(s3.invoke("get", null, Map.of("key", key)).data()).isNull();
  }

  @Test
  void bulkOperationsAnswerOneResultPerItem() throws Exception {
    String a = S3Mock.key();
    String b = S3Mock.key();
    JsonNode created =
        JSON.readTree(
            s3.invoke(
                    "bulkCreate",
                    "{\"items\": [{\"key\": \""
                        + a
                        + "\", \"data\": \"A\"}, {\"key\": \""
                        + b
                        + "\", \"data\": \"B\"}, {\"data\": \"no key\"}]}")
                .data());
    assertThat(created).hasSize(3);
    assertThat(created.get(0).has("location")).isTrue();
    assertThat(created.get(2).get("error").asText()).isEqualTo("key is required");
    JsonNode got =
        JSON.readTree(
            s3.invoke(
                    "bulkGet",
                    "{\"items\": [{\"key\": \""
                        + a
                        + "\"}, {\"key\": \""
                        + b
                        + "\"}, {\"key\": \"missing\"}], \"concurrency\": 2}")
                .data());
    assertThat(got.get(0).get("data").asText()).isEqualTo("A");
    assertThat(got.get(1).get("data").asText()).isEqualTo("B");
    assertThat(got.get(2).get("error").asText()).isEqualTo("object not found");
    s3.invoke("bulkDelete", "{\"keys\": [\"" + a + "\", \"" + b + "\"]}");
    assertThat(s3.invoke("get", null, Map.of("key", a)).data()).isNull();
  }

  @Test
  void badRequestsAreRefusedBeforeAnythingIsSent() throws Exception {
    assertThatThrownBy(() -> s3.invoke("get", null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "output binding 'files' (bindings.aws.s3): operation 'get': request metadata 'key' is"
                + " required");
    assertThatThrownBy(() -> s3.invoke("presign", null, Map.of("key", "k")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("request metadata 'presignTTL' is required");
    assertThatThrownBy(() -> s3.invoke("bulkGet", "not json"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("operation 'bulkGet': the data is not JSON");
    assertThatThrownBy(() -> s3.invoke("create", "x", Map.of("filePath", "/etc/passwd")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'filePath' is not supported");
    assertThatThrownBy(
            () -> Plumb.builder().component("s", "bindings.aws.s3", Map.of("region", "x")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("metadata 'bucket' is required");
  }
}
