package dev.plumb.bindings.azure.blobstorage;

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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The blob storage binding through Plumb against Azurite's blob service. */
class BlobStorageBindingIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Plumb plumb;
  private static OutputBinding blobs;

  @BeforeAll
  static void start() throws Exception {
    plumb =
        Plumb.builder()
            .component("blobs", "bindings.azure.blobstorage", AzuriteBlob.metadata())
            .build();
    blobs = plumb.outputBinding("blobs");
  }

  @AfterAll
  static void stop() {
    plumb.close();
  }

  @Test
  void createGetListPresignAndDeleteWithHeadersAndMetadata() throws Exception {
    BindingResponse created =
        blobs.invoke(
            "create",
            "<p>report</p>",
            Map.of("blobName", "r/1.html", "ContentType", "text/html", "author", "ops"));
    JsonNode answer = JSON.readTree(created.data());
    assertThat(answer.get("blobName").asText()).isEqualTo("r/1.html");
    assertThat(answer.get("blobURL").asText()).endsWith("/r%2F1.html");
    BindingResponse got =
        blobs.invoke("get", null, Map.of("blobName", "r/1.html", "includeMetadata", "true"));
    assertThat(got.dataAsString()).isEqualTo("<p>report</p>");
    assertThat(got.metadata()).containsEntry("author", "ops");

    JsonNode listing =
        JSON.readTree(
            blobs.invoke("list", "{\"prefix\": \"r/\", \"include\": {\"metadata\": true}}").data());
    assertThat(listing).hasSize(1);
    assertThat(listing.get(0).get("Name").asText()).isEqualTo("r/1.html");
    assertThat(listing.get(0).get("Properties").get("ContentType").asText()).isEqualTo("text/html");

    String url =
        JSON.readTree(
                blobs
                    .invoke("presign", null, Map.of("blobName", "r/1.html", "signTTL", "5m"))
                    .data())
            .get("presignURL")
            .asText();
    HttpResponse<String> fetched =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(fetched.body()).isEqualTo("<p>report</p>");

    blobs.invoke("delete", null, Map.of("blobName", "r/1.html"));
    assertThat(blobs.invoke("get", null, Map.of("blobName", "r/1.html")).data()).isNull();
  }

  @Test
  void bulkOperationsAnswerOneResultPerBlob() throws Exception {
    JsonNode created =
        JSON.readTree(
            blobs
                .invoke(
                    "bulkCreate",
                    "{\"items\": [{\"blobName\": \"b/a\", \"data\": \"A\"}, {\"blobName\": \"b/b\","
                        + " \"data\": \"B\"}, {\"data\": \"nameless\"}]}")
                .data());
    assertThat(created.get(2).get("error").asText()).isEqualTo("blobName is required");
    JsonNode got = JSON.readTree(blobs.invoke("bulkGet", "{\"prefix\": \"b/\"}").data());
    assertThat(got).hasSize(2);
    assertThat(got.get(0).get("data").asText()).isEqualTo("QQ==");
    JsonNode deleted = JSON.readTree(blobs.invoke("bulkDelete", "{\"prefix\": \"b/\"}").data());
    assertThat(deleted).hasSize(2);
    assertThat(blobs.invoke("get", null, Map.of("blobName", "b/a")).data()).isNull();
  }

  @Test
  void badRequestsAreRefusedBeforeAnythingIsSent() {
    assertThatThrownBy(() -> blobs.invoke("get", null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "output binding 'blobs' (bindings.azure.blobstorage): operation 'get': request metadata"
                + " 'blobName' is required");
    assertThatThrownBy(() -> blobs.invoke("presign", null, Map.of("blobName", "x")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("request metadata 'signTTL' is required");
    assertThatThrownBy(
            () ->
                Plumb.builder()
                    .component("b", "bindings.azure.blobstorage", Map.of("accountName", "a"))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("metadata 'containerName' is required");
  }
}
