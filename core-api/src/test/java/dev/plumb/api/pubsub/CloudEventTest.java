package dev.plumb.api.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    assertThat(e.traceid()).isNull();
    assertThat(CloudEvent.builder().build().id()).isNotEqualTo(e.id());
  }

  @ParameterizedTest
  @ValueSource(strings = {"id", "source", "type", "specversion"})
  void aMissingRequiredAttributeIsAnInvalidRequestNamingIt(String attribute) {
    for (String value : new String[] {null, ""}) {
      CloudEvent.Builder b = CloudEvent.builder();
      switch (attribute) {
        case "id" -> b.id(value);
        case "source" -> b.source(value);
        case "type" -> b.type(value);
        default -> b.specversion(value);
      }
      assertThatThrownBy(b::build)
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage("CloudEvent attribute '" + attribute + "' must not be null or empty");
    }
  }

  @Test
  void sourceAndDataschemaMustBeUris() {
    assertThat(CloudEvent.builder().source("/orders/checkout").build().source())
        .isEqualTo("/orders/checkout");
    assertThatThrownBy(() -> CloudEvent.builder().source("my app").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'source' must be a URI reference");
    assertThatThrownBy(() -> CloudEvent.builder().dataschema("schemas/order").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'dataschema' must be an absolute URI");
  }

  @Test
  void invalidExtensionsAreInvalidRequestsNamingThem() {
    CloudEvent.Builder b = CloudEvent.builder();
    assertThatThrownBy(() -> b.extension(null, "x"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("extension name");
    assertThatThrownBy(() -> b.extension("", "x")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> b.extension("traceid", "x"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'traceid'");
    assertThatThrownBy(() -> b.extension("when", OffsetDateTime.now()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'when'");
  }

  @Test
  void emptyOptionalAttributesCountAsAbsent() {
    CloudEvent e =
        CloudEvent.builder().subject("").traceid("").traceparent("").tracestate("").build();
    assertThat(e.subject()).isNull();
    assertThat(e.traceid()).isNull();
    assertThat(e).isEqualTo(e.toBuilder().subject(null).build());
  }

  @Test
  void equalityComparesPayloadByContent() {
    CloudEvent a = event("{\"n\":1}");
    CloudEvent b = event("{\"n\":1}");
    CloudEvent c = event("{\"n\":2}");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
    assertThat(a).isNotEqualTo(a.toBuilder().dataschema("https://example.com/other").build());
    assertThat(a.dataAsString()).isEqualTo("{\"n\":1}");
  }

  @Test
  void toBuilderKeepsEverything() {
    CloudEvent a = event("{\"n\":1}");
    assertThat(a.toBuilder().build()).isEqualTo(a);
    CloudEvent changed = a.toBuilder().topic("other").extension("expiration", null).build();
    assertThat(changed.topic()).isEqualTo("other");
    assertThat(changed.extensions()).containsOnlyKeys("nested");
    assertThat(a.topic()).isEqualTo("orders");
  }

  @Test
  void toStringOmitsPayloadAndExtensionValues() {
    CloudEvent e =
        CloudEvent.builder().id("1").data("card 4111-1111").extension("pan", "4111").build();
    assertThat(e.toString()).contains("id=1", "bytes=14", "pan").doesNotContain("4111");
  }

  @Test
  void extensionsKeepOrderAndTheBuilderNoLongerChangesThem() {
    CloudEvent.Builder b =
        CloudEvent.builder().extension("a", 1).extension("b", true).extension("a", null);
    CloudEvent e = b.build();
    b.extension("late", "x");
    assertThat(e.extensions()).containsExactly(Map.entry("b", true));
    assertThatThrownBy(() -> e.extensions().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static CloudEvent event(String json) {
    return CloudEvent.builder()
        .id("e-1")
        .source("checkout")
        .datacontenttype("application/json")
        .dataschema("https://example.com/schemas/order")
        .subject("o-1")
        .time(OffsetDateTime.parse("2026-01-01T10:00:00+02:00"))
        .topic("orders")
        .pubsubname("pubsub")
        .traceid("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        .traceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        .tracestate("k=v")
        .data(json.getBytes(StandardCharsets.UTF_8))
        .extension("expiration", "2026-01-01T10:00:30Z")
        .extension("nested", Map.of("a", List.of(1, 2)))
        .build();
  }
}
