package dev.plumb.runtime.internal.pubsub;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.PlumbException;
import dev.plumb.api.SerializationException;
import dev.plumb.api.pubsub.CloudEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Dapr's structured CloudEvents JSON: encodes a {@link CloudEvent} to the bytes Dapr puts on a
 * broker and decodes such bytes back (contrib {@code pubsub/envelope.go}). Stateless and
 * thread-safe.
 *
 * <p>Both directions are one streaming pass of Jackson over the bytes, because the envelope is on
 * the path of every event: the payload is copied into {@code data} as it is (after a check that it
 * is JSON) and sliced out of it again without being re-read into a tree. Where Dapr's rules differ
 * from the CloudEvents SDK's JSON format, Dapr's win, which is why the SDK is not on this path:
 *
 * <ul>
 *   <li>Where the payload goes: only an {@code application/json} content type (any case, parameters
 *       allowed) makes {@code data} JSON, numbers kept exactly as written, and a payload that is
 *       not valid JSON stays a string; {@code application/octet-stream} and the protobuf types go
 *       to {@code data_base64}; everything else, {@code +json} types included, is a string. The SDK
 *       parses every {@code +json} type and base64-encodes every other non-text one.
 *   <li>Extension attributes: any name and any JSON value, as Dapr's map keeps them. The SDK
 *       accepts only names of {@code [a-z0-9]} and string, integer or boolean values.
 * </ul>
 *
 * <p>{@code traceid}, {@code traceparent} and {@code tracestate} are always written, empty when
 * absent, as Dapr writes them; decoding turns an empty one back into an absent one. The context
 * attributes are checked as the CloudEvents spec says by {@link CloudEvent}'s builder.
 */
final class CloudEventCodec {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          // Numbers keep their value exactly, as Go's json.Number does in Dapr.
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private static final JsonFactory FACTORY = JSON.getFactory();
  private static final String SPECVERSION = "specversion";
  private static final String ID = "id";
  private static final String SOURCE = "source";
  private static final String TYPE = "type";
  private static final String DATACONTENTTYPE = "datacontenttype";
  private static final String DATASCHEMA = "dataschema";
  private static final String SUBJECT = "subject";
  private static final String TIME = "time";
  private static final String DATA = "data";
  private static final String DATA_BASE64 = "data_base64";
  private static final String TOPIC = "topic";
  private static final String PUBSUBNAME = "pubsubname";
  private static final String TRACEID = "traceid";
  private static final String TRACEPARENT = "traceparent";
  private static final String TRACESTATE = "tracestate";

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
    byte[] data = event.data();
    ByteArrayOutputStream out = new ByteArrayOutputStream(512 + (data == null ? 0 : data.length));
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField(SPECVERSION, CloudEvent.SPEC_VERSION);
      g.writeStringField(ID, event.id());
      g.writeStringField(SOURCE, event.source());
      g.writeStringField(TYPE, event.type());
      writeIfPresent(g, DATACONTENTTYPE, event.datacontenttype());
      writeIfPresent(g, DATASCHEMA, event.dataschema());
      writeIfPresent(g, SUBJECT, event.subject());
      if (event.time() != null) {
        g.writeStringField(TIME, format(event.time()));
      }
      writeIfPresent(g, TOPIC, event.topic());
      writeIfPresent(g, PUBSUBNAME, event.pubsubname());
      g.writeStringField(TRACEID, orEmpty(event.traceid()));
      g.writeStringField(TRACEPARENT, orEmpty(event.traceparent()));
      g.writeStringField(TRACESTATE, orEmpty(event.tracestate()));
      for (Map.Entry<String, Object> e : event.extensions().entrySet()) {
        g.writeFieldName(e.getKey());
        JSON.writeValue(g, e.getValue());
      }
      if (data != null) {
        writeData(g, event.datacontenttype(), data);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new SerializationException("cannot write CloudEvent " + event.id(), e);
    }
    return out.toByteArray();
  }

  /** {@code data_base64} for binary types, the JSON itself for valid JSON, else a string. */
  private static void writeData(JsonGenerator g, String contentType, byte[] data)
      throws IOException {
    if (isBinary(contentType)) {
      g.writeStringField(DATA_BASE64, Base64.getEncoder().encodeToString(data));
    } else if (isJson(contentType) && isOneJsonValue(data)) {
      g.writeFieldName(DATA);
      g.writeRawValue(new String(data, StandardCharsets.UTF_8));
    } else {
      // Dapr keeps a payload that is not valid JSON, under any type, as a string.
      g.writeStringField(DATA, new String(data, StandardCharsets.UTF_8));
    }
  }

  /** Whether bytes hold exactly one JSON value: one streaming pass, no tree. */
  private static boolean isOneJsonValue(byte[] data) {
    try (JsonParser p = FACTORY.createParser(data)) {
      if (p.nextToken() == null) {
        return false;
      }
      p.skipChildren();
      return p.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The text of the last time formatted and of the last time parsed. Publishers stamp events with
   * the current second, so nearly every event of a stream repeats the previous one's time; a hit
   * saves a {@link DateTimeFormatter} pass, the most expensive step of a small envelope. Each is
   * one immutable pair behind a volatile read: a race only costs a miss.
   */
  private record TimeText(OffsetDateTime time, String text) {}

  private static volatile TimeText lastFormatted;
  private static volatile TimeText lastParsed;

  private static String format(OffsetDateTime time) {
    TimeText last = lastFormatted;
    if (last != null && last.time().equals(time)) {
      return last.text();
    }
    String text = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
    lastFormatted = new TimeText(time, text);
    return text;
  }

  private static OffsetDateTime parse(String text) {
    TimeText last = lastParsed;
    if (last != null && last.text().equals(text)) {
      return last.time();
    }
    OffsetDateTime time = OffsetDateTime.parse(text);
    lastParsed = new TimeText(time, text);
    return time;
  }

  private static void writeIfPresent(JsonGenerator g, String name, String value)
      throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
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
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      CloudEvent.Builder b = CloudEvent.builder();
      String specversion = null;
      String id = null;
      String source = null;
      String type = null;
      String contentType = null;
      JsonToken dataToken = null;
      int dataStart = 0;
      int dataEnd = 0;
      String dataText = null;
      byte[] base64 = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case SPECVERSION:
            specversion = attribute(p, t, name);
            break;
          case ID:
            id = attribute(p, t, name);
            break;
          case SOURCE:
            source = attribute(p, t, name);
            break;
          case TYPE:
            type = attribute(p, t, name);
            break;
          case DATACONTENTTYPE:
            contentType = attribute(p, t, name);
            b.datacontenttype(contentType);
            break;
          case DATASCHEMA:
            b.dataschema(attribute(p, t, name));
            break;
          case SUBJECT:
            b.subject(attribute(p, t, name));
            break;
          case TIME:
            String time = attribute(p, t, name);
            b.time(time == null ? null : parse(time));
            break;
          case TOPIC:
            b.topic(text(p, t));
            break;
          case PUBSUBNAME:
            b.pubsubname(text(p, t));
            break;
          case TRACEID:
            b.traceid(text(p, t));
            break;
          case TRACEPARENT:
            b.traceparent(text(p, t));
            break;
          case TRACESTATE:
            b.tracestate(text(p, t));
            break;
          case DATA:
            if (dataToken != null) {
              throw new IOException("it has data twice");
            }
            dataToken = t;
            dataStart = (int) p.currentTokenLocation().getByteOffset();
            if (t == JsonToken.VALUE_STRING) {
              dataText = p.getText();
            } else {
              p.skipChildren();
            }
            p.finishToken();
            dataEnd = (int) p.currentLocation().getByteOffset();
            break;
          case DATA_BASE64:
            if (t != JsonToken.VALUE_STRING) {
              throw new IOException("data_base64 must be a string");
            }
            base64 = Base64.getDecoder().decode(p.getText());
            break;
          default:
            b.extension(name, JSON.readValue(p, Object.class));
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new IOException("not one JSON object");
      }
      if (!CloudEvent.SPEC_VERSION.equals(specversion)) {
        throw new IOException(
            "specversion must be \"1.0\", got "
                + (specversion == null ? "none" : "\"" + specversion + "\""));
      }
      // Required by the spec; the builder would make up a default for each.
      b.specversion(specversion).id(required(id, ID)).source(required(source, SOURCE));
      b.type(required(type, TYPE));
      if (dataToken != null && base64 != null) {
        throw new IOException("it has both data and data_base64");
      }
      if (base64 != null) {
        b.data(base64);
      } else if (dataToken != null) {
        boolean jsonType = isJson(contentType);
        if (dataToken == JsonToken.VALUE_STRING && !jsonType) {
          b.data(dataText.getBytes(StandardCharsets.UTF_8));
        } else if (dataToken != JsonToken.VALUE_NULL || jsonType) {
          // The JSON text of data, sliced from the input: never re-read, numbers as written.
          b.data(Arrays.copyOfRange(json, dataStart, dataEnd));
        }
      }
      return b.build();
    } catch (IOException | DateTimeParseException | IllegalArgumentException | PlumbException e) {
      throw new SerializationException("cannot read a CloudEvent: " + e.getMessage(), e);
    }
  }

  private static String required(String value, String name) throws IOException {
    if (value == null || value.isEmpty()) {
      throw new IOException("the required attribute '" + name + "' is missing");
    }
    return value;
  }

  /** A context attribute: a string, or JSON null for absent; anything else is refused. */
  private static String attribute(JsonParser p, JsonToken t, String name) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      throw new IOException("attribute '" + name + "' must be a string");
    }
    return p.getText();
  }

  /** Reads one of Dapr's string extensions; a non-string value keeps its JSON text. */
  private static String text(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    return JSON.writeValueAsString(JSON.readTree(p));
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
    } catch (IOException | NumberFormatException e) {
      // Jackson refuses some numbers (an exponent past a BigDecimal's) without an IOException.
      throw new SerializationException("cannot read a CloudEvent: " + e.getMessage(), e);
    }
    if (!(tree instanceof ObjectNode node)) {
      throw new SerializationException("cannot read a CloudEvent: not a JSON object", null);
    }
    fill(node, ID, Ids.uuid());
    fill(node, SOURCE, CloudEvent.DEFAULT_SOURCE);
    fill(node, TYPE, CloudEvent.DEFAULT_TYPE);
    fill(node, SPECVERSION, CloudEvent.SPEC_VERSION);
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
}
