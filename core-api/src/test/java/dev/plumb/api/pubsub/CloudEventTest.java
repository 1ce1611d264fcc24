package dev.plumb.api.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudEventTest {

  @Test
  void builderAppliesDaprDefaults() {
    CloudEvent e = CloudEvent.builder().topic("orders").pubsubname("pubsub").build();
    assertThat(e.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(e.source()).isEqualTo("Dapr");
    assertThat(e.type()).isEqualTo("com.dapr.event.sent");
    assertThat(e.specversion()).isEqualTo("1.0");
    assertThat(e.data()).isEmpty();
    assertThat(e.dataAsString()).isEmpty();
    assertThat(e.extensions()).isEmpty();
    assertThat(CloudEvent.builder().build().id()).isNotEqualTo(e.id());
  }

  @Test
  void requiredAttributesMustNotBeEmpty() {
    assertThatThrownBy(() -> CloudEvent.builder().id("").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'id'");
    assertThatThrownBy(() -> CloudEvent.builder().source("").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'source'");
    assertThatThrownBy(() -> CloudEvent.builder().type("").build())
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> CloudEvent.builder().specversion(null).build())
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void equalityComparesPayloadByContent() {
    Instant t = Instant.parse("2026-01-01T10:00:00Z");
    CloudEvent a = event(t, "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
    CloudEvent b = event(t, "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
    CloudEvent c = event(t, "{\"n\":2}".getBytes(StandardCharsets.UTF_8));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
    assertThat(a.dataAsString()).isEqualTo("{\"n\":1}");
  }

  @Test
  void toStringOmitsPayload() {
    CloudEvent e = CloudEvent.builder().id("1").data("card 4111-1111").build();
    assertThat(e.toString()).contains("id=1", "bytes=14").doesNotContain("4111");
  }

  @Test
  void extensionsAreCopiedWithoutNullValues() {
    Map<String, Object> ext = new HashMap<>();
    ext.put("expiration", "2026-01-01T10:00:00Z");
    ext.put("nothing", null);
    ext.put("nested", Map.of("a", List.of(1, 2)));
    CloudEvent e =
        new CloudEvent("1", "s", "t", "1.0", null, null, null, null, null, null, null, null, ext);
    ext.put("late", "x");
    assertThat(e.extensions()).containsOnlyKeys("expiration", "nested");
    assertThat(e.data()).isEmpty();
    assertThat(
            CloudEvent.builder()
                .extension("a", 1)
                .extension("b", true)
                .extension("a", null)
                .build()
                .extensions())
        .containsExactly(Map.entry("b", true));
  }

  private static CloudEvent event(Instant time, byte[] data) {
    return CloudEvent.builder()
        .id("e-1")
        .source("checkout")
        .datacontenttype("application/json")
        .subject("o-1")
        .time(time)
        .topic("orders")
        .pubsubname("pubsub")
        .traceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        .tracestate("k=v")
        .data(data)
        .extension("expiration", "2026-01-01T10:00:30Z")
        .build();
  }
}
