package dev.plumb.runtime.internal.pubsub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.PlumbException;
import dev.plumb.api.SerializationException;
import dev.plumb.api.pubsub.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.data.BytesCloudEventData;
import io.cloudevents.core.v1.CloudEventV1;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.jackson.JsonFormatOptions;
import io.cloudevents.rw.CloudEventRWException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Dapr's structured CloudEvents JSON: encodes a {@link CloudEvent} to the bytes Dapr puts on a
 * broker and decodes such bytes back (contrib {@code pubsub/envelope.go}). Stateless and
 * thread-safe.
 *
 * <p>The CloudEvents context attributes and the {@code data} or {@code data_base64} member go
 * through the CloudEvents SDK's JSON format. Two things are Dapr's instead, because the SDK's rules
 * would change or refuse messages Dapr passes through:
 *
 * <ul>
 *   <li>Where the payload goes: only an {@code application/json} content type (any case, parameters
 *       allowed) makes {@code data} parsed JSON, with numbers kept exact, and a payload that is not
 *       valid JSON stays a string; {@code application/octet-stream} and the protobuf types go to
 *       {@code data_base64}; everything else, {@code +json} types included, is a string. The SDK
 *       parses every {@code +json} type and base64-encodes every other non-text one.
 *   <li>Extension attributes: any name and any JSON value, as Dapr's map keeps them. The SDK
 *       accepts only names of {@code [a-z0-9]} and string, integer or boolean values.
 * </ul>
 *
 * <p>{@code traceid}, {@code traceparent} and {@code tracestate} are always written, empty when
 * absent, as Dapr writes them; decoding turns an empty one back into an absent one.
 */
final class CloudEventCodec {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          // Numbers keep their value exactly, as Go's json.Number does in Dapr.
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .addModule(
              JsonFormat.getCloudEventJacksonModule(
                  JsonFormatOptions.builder().disableDataContentTypeDefaulting(true).build()))
          .build();

  private static final String DATA = "data";
  private static final String DATA_BASE64 = "data_base64";
  private static final String TOPIC = "topic";
  private static final String PUBSUBNAME = "pubsubname";
  private static final String TRACEID = "traceid";
  private static final String TRACEPARENT = "traceparent";
  private static final String TRACESTATE = "tracestate";

  /** The CloudEvents 1.0 context attributes: the SDK reads and writes these. */
  private static final Set<String> CONTEXT =
      Set.of(
          CloudEventV1.SPECVERSION,
          CloudEventV1.ID,
          CloudEventV1.SOURCE,
          CloudEventV1.TYPE,
          CloudEventV1.DATACONTENTTYPE,
          CloudEventV1.DATASCHEMA,
          CloudEventV1.SUBJECT,
          CloudEventV1.TIME);

  private CloudEventCodec() {}

  /**
   * Encodes an event as Dapr's structured CloudEvents JSON.
   *
   * @param event the event
   * @return UTF-8 JSON bytes, of media type {@link CloudEvent#CONTENT_TYPE}
   * @throws InvalidRequestException if the event's specversion is not {@code 1.0}
   */
  static byte[] encode(CloudEvent event) {
    if (!CloudEvent.SPEC_VERSION.equals(event.specversion())) {
      throw new InvalidRequestException(
          "CloudEvent specversion must be 1.0 to be encoded, got '" + event.specversion() + "'");
    }
    io.cloudevents.CloudEvent context =
        CloudEventBuilder.v1()
            .withId(event.id())
            .withSource(URI.create(event.source()))
            .withType(event.type())
            .withDataContentType(event.datacontenttype())
            .withDataSchema(event.dataschema() == null ? null : URI.create(event.dataschema()))
            .withSubject(event.subject())
            .withTime(event.time())
            .withData(data(event.datacontenttype(), event.data()))
            .build();
    ObjectNode node = JSON.valueToTree(context);
    putText(node, TOPIC, event.topic(), false);
    putText(node, PUBSUBNAME, event.pubsubname(), false);
    putText(node, TRACEID, event.traceid(), true);
    putText(node, TRACEPARENT, event.traceparent(), true);
    putText(node, TRACESTATE, event.tracestate(), true);
    event.extensions().forEach((name, value) -> node.set(name, JSON.valueToTree(value)));
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new SerializationException("cannot write CloudEvent " + event.id(), e);
    }
  }

  /**
   * Decodes Dapr's structured CloudEvents JSON. The payload is read from {@code data} or {@code
   * data_base64}: a string under a content type other than {@code application/json} gives its UTF-8
   * bytes, any other JSON value its JSON text, {@code data_base64} the decoded bytes.
   *
   * @param json the bytes of a CloudEvents 1.0 JSON object
   * @return the event
   * @throws SerializationException if the bytes are not such an object: not JSON, a required
   *     attribute missing or not a string, a {@code time} that is not RFC 3339, a {@code source}
   *     that is not a URI reference, both {@code data} and {@code data_base64}
   */
  static CloudEvent decode(byte[] json) {
    try {
      JsonNode tree = JSON.readTree(json);
      if (!(tree instanceof ObjectNode node)) {
        throw new IOException("not a JSON object");
      }
      JsonNode specversion = node.get(CloudEventV1.SPECVERSION);
      if (specversion == null || !CloudEvent.SPEC_VERSION.equals(specversion.textValue())) {
        throw new IOException("specversion must be \"1.0\", got " + specversion);
      }
      JsonNode data = node.remove(DATA);
      JsonNode base64 = node.remove(DATA_BASE64);
      if (data != null && base64 != null) {
        throw new IOException("it has both data and data_base64");
      }
      ObjectNode attributes = JsonNodeFactory.instance.objectNode();
      for (String name : CONTEXT) {
        JsonNode value = node.remove(name);
        if (value != null) {
          attributes.set(name, value);
        }
      }
      io.cloudevents.CloudEvent context =
          JSON.treeToValue(attributes, io.cloudevents.CloudEvent.class);
      CloudEvent.Builder b =
          CloudEvent.builder()
              .id(context.getId())
              .source(context.getSource().toString())
              .type(context.getType())
              .datacontenttype(context.getDataContentType())
              .dataschema(
                  context.getDataSchema() == null ? null : context.getDataSchema().toString())
              .subject(context.getSubject())
              .time(context.getTime())
              .topic(text(node.remove(TOPIC)))
              .pubsubname(text(node.remove(PUBSUBNAME)))
              .traceid(text(node.remove(TRACEID)))
              .traceparent(text(node.remove(TRACEPARENT)))
              .tracestate(text(node.remove(TRACESTATE)))
              .data(base64 != null ? base64(base64) : payload(context.getDataContentType(), data));
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        b.extension(e.getKey(), JSON.treeToValue(e.getValue(), Object.class));
      }
      return b.build();
    } catch (IOException | CloudEventRWException | IllegalArgumentException | PlumbException e) {
      throw new SerializationException("cannot read a CloudEvent: " + e.getMessage(), e);
    }
  }

  /**
   * Decodes a CloudEvent a publisher supplies ({@code application/cloudevents+json}), adding what
   * Dapr adds when it is missing: a random {@code id}, {@code source} {@code Dapr}, {@code type}
   * {@code com.dapr.event.sent} and {@code specversion} {@code 1.0}.
   *
   * @param json the bytes of a JSON object
   * @return the event
   * @throws SerializationException if the bytes are not a JSON object or an attribute is invalid
   */
  static CloudEvent decodeGiven(byte[] json) {
    JsonNode tree;
    try {
      tree = JSON.readTree(json);
    } catch (IOException e) {
      throw new SerializationException("cannot read a CloudEvent: " + e.getMessage(), e);
    }
    if (!(tree instanceof ObjectNode node)) {
      throw new SerializationException("cannot read a CloudEvent: not a JSON object", null);
    }
    fill(node, CloudEventV1.ID, Ids.uuid());
    fill(node, CloudEventV1.SOURCE, CloudEvent.DEFAULT_SOURCE);
    fill(node, CloudEventV1.TYPE, CloudEvent.DEFAULT_TYPE);
    fill(node, CloudEventV1.SPECVERSION, CloudEvent.SPEC_VERSION);
    try {
      return decode(JSON.writeValueAsBytes(node));
    } catch (JsonProcessingException e) {
      throw new SerializationException("cannot read a CloudEvent: " + e.getMessage(), e);
    }
  }

  private static void fill(ObjectNode node, String name, String value) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull() || (v.isTextual() && v.textValue().isEmpty())) {
      node.put(name, value);
    }
  }

  /**
   * Returns whether Dapr reads a payload of this media type as JSON: {@code application/json} in
   * any case, with or without parameters.
   *
   * @param contentType the media type, or {@code null}
   * @return {@code true} for JSON
   */
  static boolean isJson(String contentType) {
    return hasType(contentType, "application/json");
  }

  /**
   * Returns whether Dapr carries a payload of this media type in {@code data_base64}: {@code
   * application/octet-stream}, {@code application/cloudevents+protobuf} and {@code
   * application/x-protobuf}.
   *
   * @param contentType the media type, or {@code null}
   * @return {@code true} for binary payloads
   */
  static boolean isBinary(String contentType) {
    // Dapr base64-encodes x-protobuf only when it parses as a protobuf CloudEvent and otherwise
    // writes the bytes as a (mangled) string; every protobuf payload is kept whole here.
    return hasType(contentType, "application/octet-stream")
        || hasType(contentType, "application/cloudevents+protobuf")
        || hasType(contentType, "application/x-protobuf");
  }

  private static boolean hasType(String contentType, String expected) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT).equals(expected);
  }

  /** The payload as the SDK writes it: a JSON value under {@code data}, or {@code data_base64}. */
  private static CloudEventData data(String contentType, byte[] bytes) {
    if (isBinary(contentType)) {
      return BytesCloudEventData.wrap(bytes);
    }
    if (isJson(contentType)) {
      try {
        JsonNode parsed = JSON.readTree(bytes);
        if (!parsed.isMissingNode()) {
          return JsonCloudEventData.wrap(parsed);
        }
      } catch (IOException e) {
        // Dapr keeps a payload that is not valid JSON as a string.
      }
    }
    return JsonCloudEventData.wrap(new TextNode(new String(bytes, StandardCharsets.UTF_8)));
  }

  private static byte[] payload(String contentType, JsonNode data) throws IOException {
    if (data == null || (data.isNull() && !isJson(contentType))) {
      return null;
    }
    if (data.isTextual() && !isJson(contentType)) {
      return data.textValue().getBytes(StandardCharsets.UTF_8);
    }
    return JSON.writeValueAsBytes(data);
  }

  private static byte[] base64(JsonNode node) throws IOException {
    if (!node.isTextual()) {
      throw new IOException("data_base64 must be a string");
    }
    return Base64.getDecoder().decode(node.textValue());
  }

  /** Reads one of Dapr's string extensions; a non-string value keeps its JSON text. */
  private static String text(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return node.isTextual() ? node.textValue() : node.toString();
  }

  private static void putText(ObjectNode node, String name, String value, boolean always) {
    if (value != null || always) {
      node.put(name, value == null ? "" : value);
    }
  }
}
