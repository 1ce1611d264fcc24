package dev.plumb.runtime.internal.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.SerializationException;
import dev.plumb.api.pubsub.CloudEvent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CloudEventCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRACEPARENT =
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static CloudEvent decode(String json) {
    return CloudEventCodec.decode(utf8(json));
  }

  private static JsonNode encode(CloudEvent event) throws Exception {
    return JSON.readTree(CloudEventCodec.encode(event));
  }

  // Dapr-written envelopes: the maps contrib's pubsub/envelope_test.go builds with
  // NewCloudEventsEnvelope ("has JSON object with large number", TestEnvelopeXML,
  // TestCreateFromBinaryPayload), serialized as Go's json.Marshal writes them (keys sorted,
  // compact), with a fixed time.

  @Test
  void decodesDaprsJsonEnvelopeKeepingNumbersExact() {
    CloudEvent e =
        decode(
            "{\"data\":{\"Val1\":\"test\",\"Val2\":637831415180045507,\"big\":12345678901234567890,"
                + "\"price\":1.10},\"datacontenttype\":\"application/json\",\"id\":\"a\","
                + "\"pubsubname\":\"mypubsub\",\"source\":\"source\",\"specversion\":\"1.0\","
                + "\"time\":\"2021-08-02T09:00:00Z\",\"topic\":\"orders\",\"traceid\":\"1\","
                + "\"traceparent\":\"1\",\"tracestate\":\"key=value\","
                + "\"type\":\"com.dapr.event.sent\"}");

    assertThat(e.id()).isEqualTo("a");
    assertThat(e.source()).isEqualTo("source");
    assertThat(e.type()).isEqualTo(CloudEvent.DEFAULT_TYPE);
    assertThat(e.specversion()).isEqualTo("1.0");
    assertThat(e.datacontenttype()).isEqualTo("application/json");
    assertThat(e.time()).isEqualTo(OffsetDateTime.parse("2021-08-02T09:00:00Z"));
    assertThat(e.topic()).isEqualTo("orders");
    assertThat(e.pubsubname()).isEqualTo("mypubsub");
    assertThat(e.traceid()).isEqualTo("1");
    assertThat(e.traceparent()).isEqualTo("1");
    assertThat(e.tracestate()).isEqualTo("key=value");
    assertThat(e.extensions()).isEmpty();
    assertThat(e.dataAsString())
        .isEqualTo(
            "{\"Val1\":\"test\",\"Val2\":637831415180045507,\"big\":12345678901234567890,"
                + "\"price\":1.10}");
  }

  @Test
  void decodesDaprsTextAndBinaryEnvelopes() {
    CloudEvent xml =
        decode(
            "{\"data\":\"<root/>\",\"datacontenttype\":\"application/xml\",\"id\":\"a\","
                + "\"pubsubname\":\"mypubsub\",\"source\":\"Dapr\",\"specversion\":\"1.0\","
                + "\"time\":\"2021-08-02T11:00:00+02:00\",\"topic\":\"routed.topic\","
                + "\"traceid\":\"\",\"traceparent\":\"\",\"tracestate\":\"\","
                + "\"type\":\"com.dapr.event.sent\"}");
    assertThat(xml.dataAsString()).isEqualTo("<root/>");
    assertThat(xml.time().getOffset().getTotalSeconds()).isEqualTo(7200);
    assertThat(xml.traceparent()).as("empty means absent").isNull();

    CloudEvent binary =
        decode(
            "{\"data_base64\":\"AQ==\",\"datacontenttype\":\"application/octet-stream\","
                + "\"id\":\"b\",\"pubsubname\":\"\",\"source\":\"Dapr\",\"specversion\":\"1.0\","
                + "\"time\":\"2021-08-02T09:00:00Z\",\"topic\":\"\",\"traceid\":\"trace\","
                + "\"traceparent\":\"trace\",\"tracestate\":\"\",\"type\":\"com.dapr.event.sent\"}");
    assertThat(binary.data()).containsExactly(1);
    assertThat(binary.topic()).isNull();
  }

  @Test
  void aJsonStringUnderAJsonContentTypeIsReadAsJsonText() {
    // envelope_test.go "has JSON string with rich contenttype": the payload "message" (a JSON
    // string) published as application/JSON; charset=utf-8 is stored as "data":"message".
    String contentType = "application/JSON; charset=utf-8";
    CloudEvent e =
        decode(
            "{\"data\":\"message\",\"datacontenttype\":\""
                + contentType
                + "\",\"id\":\"a\","
                + "\"source\":\"source\",\"specversion\":\"1.0\",\"type\":\"t\"}");
    assertThat(e.dataAsString()).isEqualTo("\"message\"");
    assertThat(CloudEventCodec.decode(CloudEventCodec.encode(e))).isEqualTo(e);
  }

  @Test
  void keepsEveryExtensionOfAUserProvidedEvent() {
    // A user-provided CloudEvent as in envelope_test.go TestCreateCloudEventsEnvelopeExpiration,
    // with the extensions Dapr passes through but the CloudEvents SDK refuses: a camelCase name,
    // a decimal and a structure.
    CloudEvent e =
        decode(
            "{\"specversion\":\"1.0\",\"type\":\"com.github.pull.create\","
                + "\"source\":\"https://github.com/cloudevents/spec/pull\",\"subject\":\"123\","
                + "\"id\":\"A234-1234-1234\",\"comexampleextension1\":\"value\","
                + "\"comexampleothervalue\":5,\"correlationId\":\"c-1\",\"ratio\":0.25,"
                + "\"route\":{\"hops\":[\"a\",\"b\"]},\"nothing\":null,"
                + "\"expiration\":\"2021-08-02T09:00:30Z\",\"dataschema\":\"https://x.io/s\","
                + "\"datacontenttype\":\"text/xml\",\"data\":\"<much wow=\\\"xml\\\"/>\"}");

    assertThat(e.subject()).isEqualTo("123");
    assertThat(e.dataschema()).isEqualTo("https://x.io/s");
    assertThat(e.dataAsString()).isEqualTo("<much wow=\"xml\"/>");
    assertThat(e.extensions())
        .containsOnlyKeys(
            "comexampleextension1",
            "comexampleothervalue",
            "correlationId",
            "ratio",
            "route",
            "expiration")
        .containsEntry("comexampleothervalue", 5)
        .containsEntry("ratio", new BigDecimal("0.25"))
        .containsEntry("route", Map.of("hops", List.of("a", "b")))
        .containsEntry("expiration", "2021-08-02T09:00:30Z");
    assertThat(CloudEventCodec.decode(CloudEventCodec.encode(e))).isEqualTo(e);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // content type            | payload          | member      | member's JSON
        "application/json          | {\"n\":1.50}     | data        | {\"n\":1.50}",
        "Application/JSON;charset=utf-8 | [1,2]       | data        | [1,2]",
        "application/json          | not json         | data        | \"not json\"",
        "application/json          | ''               | data        | \"\"",
        "application/cloudevents+json | {\"n\":1}     | data        | \"{\\\"n\\\":1}\"",
        "text/plain                | {\"n\":1}        | data        | \"{\\\"n\\\":1}\"",
        "                          | v1,v2,v3         | data        | \"v1,v2,v3\"",
        "application/octet-stream  | hi               | data_base64 | \"aGk=\"",
        "application/x-protobuf    | hi               | data_base64 | \"aGk=\"",
        "application/cloudevents+protobuf | hi        | data_base64 | \"aGk=\"",
      })
  void placesThePayloadByDaprsContentTypeRules(
      String contentType, String payload, String member, String json) throws Exception {
    CloudEvent e = CloudEvent.builder().id("1").datacontenttype(contentType).data(payload).build();

    JsonNode node = encode(e);

    assertThat(node.get(member)).isEqualTo(JSON.readTree(json));
    assertThat(node.has(member.equals("data") ? "data_base64" : "data")).isFalse();
    assertThat(CloudEventCodec.encode(e)).asString(StandardCharsets.UTF_8).contains(json);
  }

  @Test
  void writesDaprsAttributesAndAlwaysTheTraceFields() throws Exception {
    CloudEvent e =
        CloudEvent.builder()
            .id("e-1")
            .source("checkout")
            .datacontenttype("application/json")
            .time(OffsetDateTime.parse("2026-01-02T03:04:05+01:00"))
            .topic("orders")
            .pubsubname("pubsub")
            .data("{}")
            .build();

    JsonNode node = encode(e);

    assertThat(node.get("specversion").asText()).isEqualTo("1.0");
    assertThat(node.get("id").asText()).isEqualTo("e-1");
    assertThat(node.get("source").asText()).isEqualTo("checkout");
    assertThat(node.get("type").asText()).isEqualTo("com.dapr.event.sent");
    assertThat(node.get("time").asText()).isEqualTo("2026-01-02T03:04:05+01:00");
    assertThat(node.get("topic").asText()).isEqualTo("orders");
    assertThat(node.get("pubsubname").asText()).isEqualTo("pubsub");
    assertThat(node.get("traceid").asText()).isEmpty();
    assertThat(node.get("traceparent").asText()).isEmpty();
    assertThat(node.get("tracestate").asText()).isEmpty();
    assertThat(node.has("subject")).isFalse();
    assertThat(node.has("dataschema")).isFalse();
  }

  @Test
  void roundTripsEveryAttribute() {
    CloudEvent full =
        CloudEvent.builder()
            .id("e-1")
            .source("/checkout")
            .type("order.placed")
            .datacontenttype("application/json")
            .dataschema("https://example.com/schemas/order")
            .subject("o-1")
            .time(OffsetDateTime.parse("2026-01-02T03:04:05.123-05:00"))
            .topic("orders")
            .pubsubname("pubsub")
            .traceid(TRACEPARENT)
            .traceparent(TRACEPARENT)
            .tracestate("k=v")
            .data("{\"items\":[{\"sku\":\"a\",\"qty\":2}],\"total\":19.90}")
            .extension("expiration", "2026-01-02T08:05:05Z")
            .extension("priority", 3)
            .extension("urgent", true)
            .build();
    CloudEvent minimal = CloudEvent.builder().id("e-2").build();
    CloudEvent binary =
        CloudEvent.builder()
            .id("e-3")
            .datacontenttype("application/octet-stream")
            .data(new byte[] {0, (byte) 0xff, 7})
            .build();
    CloudEvent text =
        CloudEvent.builder().id("e-4").datacontenttype("text/plain").data("héllo").build();

    for (CloudEvent e : List.of(full, minimal, binary, text)) {
      assertThat(CloudEventCodec.decode(CloudEventCodec.encode(e))).isEqualTo(e);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json",
        "[1,2]",
        "{\"specversion\":\"0.3\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\"}",
        "{\"id\":\"1\",\"source\":\"s\",\"type\":\"t\"}",
        "{\"specversion\":\"1.0\",\"source\":\"s\",\"type\":\"t\"}",
        "{\"specversion\":\"1.0\",\"id\":7,\"source\":\"s\",\"type\":\"t\"}",
        "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\",\"time\":\"soon\"}",
        "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"a b\",\"type\":\"t\"}",
        "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\",\"data\":1,"
            + "\"data_base64\":\"AQ==\"}",
        "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"t\","
            + "\"data_base64\":\"*\"}",
      })
  void refusesWhatIsNotACloudEvent(String json) {
    assertThatThrownBy(() -> decode(json))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("cannot read a CloudEvent: ");
  }

  @Test
  void encodesOnlyVersionOne() {
    CloudEvent old = CloudEvent.builder().specversion("0.3").build();
    assertThatThrownBy(() -> CloudEventCodec.encode(old))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("0.3");
  }

  @Test
  void knowsDaprsContentTypes() {
    assertThat(CloudEventCodec.isJson("application/json")).isTrue();
    assertThat(CloudEventCodec.isJson("APPLICATION/JSON ; charset=utf-8")).isTrue();
    assertThat(CloudEventCodec.isJson("application/problem+json")).isFalse();
    assertThat(CloudEventCodec.isJson(null)).isFalse();
    assertThat(CloudEventCodec.isBinary("application/octet-stream;x=y")).isTrue();
    assertThat(CloudEventCodec.isBinary("image/png")).isFalse();
  }

  @Test
  void alternatingTimesKeepTheirOwnTextBothWays() throws Exception {
    // The codec remembers the last time it formatted and parsed; a different one must not reuse it.
    OffsetDateTime first = OffsetDateTime.parse("2026-01-02T03:04:05Z");
    OffsetDateTime sameInstantOtherOffset = OffsetDateTime.parse("2026-01-02T04:04:05+01:00");
    OffsetDateTime later = OffsetDateTime.parse("2026-01-02T03:04:06Z");

    for (OffsetDateTime t : List.of(first, sameInstantOtherOffset, first, later, later, first)) {
      CloudEvent e = CloudEvent.builder().id("1").source("s").type("t").time(t).build();
      byte[] json = CloudEventCodec.encode(e);
      assertThat(JSON.readTree(json).get("time").asText()).isEqualTo(t.toString());
      assertThat(CloudEventCodec.decode(json).time()).isEqualTo(t);
    }
  }
}
