package dev.plumb.api.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.InvalidRequestException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PubSubOptionsTest {

  @Test
  void publishDefaults() {
    PublishOptions o = PublishOptions.DEFAULT;
    assertThat(o.contentType()).isNull();
    assertThat(o.ttl()).isNull();
    assertThat(o.rawPayload()).isFalse();
    assertThat(o.cloudEventId()).isNull();
    assertThat(o.cloudEventSource()).isNull();
    assertThat(o.cloudEventType()).isNull();
    assertThat(o.cloudEventSubject()).isNull();
    assertThat(o.metadata()).isEmpty();
  }

  @Test
  void publishBuilderRoundTripsThroughToBuilder() {
    PublishOptions o =
        PublishOptions.builder()
            .contentType("text/plain")
            .ttl(Duration.ofSeconds(30))
            .rawPayload(true)
            .cloudEventId("id-1")
            .cloudEventSource("orders")
            .cloudEventType("order.created")
            .cloudEventSubject("o-1")
            .metadata("partitionKey", "p")
            .build();
    PublishOptions copy = o.toBuilder().metadata("other", "x").build();

    assertThat(copy.contentType()).isEqualTo("text/plain");
    assertThat(copy.ttl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(copy.rawPayload()).isTrue();
    assertThat(copy.cloudEventId()).isEqualTo("id-1");
    assertThat(copy.cloudEventSource()).isEqualTo("orders");
    assertThat(copy.cloudEventType()).isEqualTo("order.created");
    assertThat(copy.cloudEventSubject()).isEqualTo("o-1");
    assertThat(copy.metadata())
        .containsOnly(Map.entry("partitionKey", "p"), Map.entry("other", "x"));
    assertThat(o.metadata()).containsOnlyKeys("partitionKey");
    assertThat(o.toString()).contains("partitionKey").doesNotContain("=p,");
  }

  @Test
  void publishTtlMustBePositive() {
    assertThatThrownBy(() -> PublishOptions.builder().ttl(Duration.ZERO))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> PublishOptions.builder().ttl(Duration.ofSeconds(-1)))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(PublishOptions.builder().ttl(Duration.ofSeconds(1)).ttl(null).build().ttl())
        .isNull();
  }

  @Test
  void publishMetadataIsImmutableAndRejectsNulls() {
    PublishOptions o = PublishOptions.builder().metadata("a", "b").build();
    assertThatThrownBy(() -> o.metadata().put("c", "d"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> PublishOptions.builder().metadata("a", null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void subscribeDefaultsFollowDapr() {
    SubscribeOptions o = SubscribeOptions.DEFAULT;
    assertThat(o.deadLetterTopic()).isNull();
    assertThat(o.rawPayload()).isFalse();
    assertThat(o.maxMessagesCount()).isEqualTo(100);
    assertThat(o.maxAwaitDuration()).isEqualTo(Duration.ofMillis(1000));
    assertThat(o.metadata()).isEmpty();
  }

  @Test
  void subscribeBuilderRoundTripsThroughToBuilder() {
    SubscribeOptions o =
        SubscribeOptions.builder()
            .deadLetterTopic("orders-dlq")
            .rawPayload(true)
            .maxMessagesCount(5)
            .maxAwaitDuration(Duration.ofMillis(500))
            .metadata("consumerID", "c1")
            .build();
    SubscribeOptions copy = o.toBuilder().build();
    assertThat(copy.deadLetterTopic()).isEqualTo("orders-dlq");
    assertThat(copy.rawPayload()).isTrue();
    assertThat(copy.maxMessagesCount()).isEqualTo(5);
    assertThat(copy.maxAwaitDuration()).isEqualTo(Duration.ofMillis(500));
    assertThat(copy.metadata()).containsExactly(Map.entry("consumerID", "c1"));
  }

  @Test
  void subscribeValidatesBatchingAndDeadLetterTopic() {
    SubscribeOptions.Builder b = SubscribeOptions.builder();
    assertThatThrownBy(() -> b.maxMessagesCount(0)).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> b.maxAwaitDuration(Duration.ZERO))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> b.maxAwaitDuration(Duration.ofMillis(-1)))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> b.deadLetterTopic("")).isInstanceOf(InvalidRequestException.class);
    assertThat(b.build()).usingRecursiveComparison().isEqualTo(SubscribeOptions.DEFAULT);
  }

  @Test
  void bulkPublishEntryValidatesAndDefaults() {
    BulkPublishEntry e = BulkPublishEntry.of("1", "hello");
    assertThat(e.contentType()).isNull();
    assertThat(e.metadata()).isEmpty();
    assertThatThrownBy(() -> BulkPublishEntry.of("", "x"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> BulkPublishEntry.of(null, "x"))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void bulkPublishResultKeepsRequestOrder() {
    Map<String, Exception> failures = new LinkedHashMap<>();
    failures.put("3", new IllegalStateException("c"));
    failures.put("1", new IllegalStateException("a"));
    failures.put("2", new IllegalStateException("b"));
    BulkPublishResult r = new BulkPublishResult(failures);
    failures.clear();
    assertThat(r.failedEntries()).containsOnlyKeys("3", "1", "2");
    assertThat(r.failedEntries().keySet()).containsExactly("3", "1", "2");
    assertThat(r.allPublished()).isFalse();
    assertThat(new BulkPublishResult(null).allPublished()).isTrue();
    assertThat(BulkPublishResult.ALL_PUBLISHED.failedEntries()).isEmpty();
  }
}
