package dev.plumb.api.pubsub.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.Subscription;
import dev.plumb.api.pubsub.BulkPublishResult;
import dev.plumb.api.pubsub.PubSubFeature;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PubSubComponentTest {

  /** A component that records publishes and fails those whose payload is "fail". */
  private static final class RecordingComponent implements PubSubComponent {
    final List<PublishRequest> published = new ArrayList<>();

    @Override
    public Set<PubSubFeature> features() {
      return Set.of();
    }

    @Override
    public void publish(PublishRequest request) {
      if (new String(request.data(), StandardCharsets.UTF_8).equals("fail")) {
        throw new IllegalStateException("broker refused " + request.topic());
      }
      published.add(request);
    }

    @Override
    public Subscription subscribe(SubscribeRequest request, MessageHandler handler) {
      return () -> {};
    }
  }

  private static BulkMessageEntry entry(String id, String data, Map<String, String> metadata) {
    return new BulkMessageEntry(id, data.getBytes(StandardCharsets.UTF_8), "text/plain", metadata);
  }

  @Test
  void defaultBulkPublishPublishesEachEntryWithMergedMetadata() throws Exception {
    RecordingComponent c = new RecordingComponent();
    BulkPublishResult result =
        c.bulkPublish(
            new BulkPublishRequest(
                "orders",
                List.of(entry("1", "a", Map.of("ttlInSeconds", "5")), entry("2", "b", Map.of())),
                Map.of("ttlInSeconds", "60", "partitionKey", "p")));

    assertThat(result.allPublished()).isTrue();
    assertThat(c.published).hasSize(2);
    PublishRequest first = c.published.get(0);
    assertThat(first.topic()).isEqualTo("orders");
    assertThat(first.contentType()).isEqualTo("text/plain");
    assertThat(first.metadata())
        .containsOnly(Map.entry("ttlInSeconds", "5"), Map.entry("partitionKey", "p"));
    assertThat(c.published.get(1).metadata())
        .containsOnly(Map.entry("ttlInSeconds", "60"), Map.entry("partitionKey", "p"));
  }

  @Test
  void defaultBulkPublishReportsFailedEntriesAndGoesOn() throws Exception {
    RecordingComponent c = new RecordingComponent();
    BulkPublishResult result =
        c.bulkPublish(
            new BulkPublishRequest(
                "orders",
                List.of(
                    entry("11", "fail", Map.of()),
                    entry("12", "ok", Map.of()),
                    entry("13", "fail", Map.of())),
                Map.of()));

    assertThat(result.allPublished()).isFalse();
    assertThat(result.failedEntries().keySet()).containsExactly("11", "13");
    assertThat(result.failedEntries().get("11")).hasMessage("broker refused orders");
    assertThat(c.published)
        .extracting(r -> new String(r.data(), StandardCharsets.UTF_8))
        .containsExactly("ok");
  }

  @Test
  void bulkPublishRequestRejectsDuplicateEntryIds() {
    assertThatThrownBy(
            () ->
                new BulkPublishRequest(
                    "orders", List.of(entry("1", "a", null), entry("1", "b", null)), null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'1'");
  }

  @Test
  void requestsRejectEmptyTopics() {
    byte[] data = new byte[0];
    assertThatThrownBy(() -> PublishRequest.of("", data))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("topic name is empty");
    assertThatThrownBy(() -> SubscribeRequest.of("")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> new PubSubMessage("", data, null, null))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> new SubscribeRequest("orders", null, 0))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> new BulkPublishRequest("", List.of(), null))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> new BulkMessageEntry("", data, null, null))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void requestsDefaultMetadataAndHidePayloadInToString() {
    PublishRequest r = PublishRequest.of("orders", "secret".getBytes(StandardCharsets.UTF_8));
    assertThat(r.metadata()).isEmpty();
    assertThat(r.toString()).contains("orders", "bytes=6").doesNotContain("secret");
    PubSubMessage m =
        new PubSubMessage("orders", "secret".getBytes(StandardCharsets.UTF_8), null, null);
    assertThat(m.metadata()).isEmpty();
    assertThat(m.toString()).doesNotContain("secret");
  }
}
