package dev.plumb.api.pubsub;

import dev.plumb.api.InvalidRequestException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A CloudEvents 1.0 envelope, as Dapr builds it: the CloudEvents attributes plus Dapr's {@code
 * topic}, {@code pubsubname}, {@code traceid}, {@code traceparent} and {@code tracestate}, each
 * with an accessor named as the attribute, and every other extension (such as Dapr's {@code
 * expiration}) in {@link #extensions()}. Immutable and thread-safe; build one with {@link
 * #builder()}.
 *
 * <p>The payload is kept as bytes: the JSON text for JSON content types, the decoded {@code
 * data_base64} for binary ones, the UTF-8 text otherwise; typed handlers get it deserialized in
 * {@link TopicEvent#data()}. The array is shared, not copied: do not modify it.
 *
 * <p>Invalid attributes are refused with an {@link InvalidRequestException} naming the attribute,
 * never a {@link NullPointerException}: a null or empty required attribute ({@code id}, {@code
 * source}, {@code type}, {@code specversion}), a {@code source} that is not a URI reference or a
 * {@code dataschema} that is not a URI, an extension with a null or empty name, with the name of an
 * attribute that has its own accessor, or with a value that is not a string, number, boolean, map
 * or list. An empty optional attribute counts as absent: its accessor answers {@code null}.
 */
public final class CloudEvent {

  /** The CloudEvents version Dapr writes. */
  public static final String SPEC_VERSION = "1.0";

  /** The default event type of a published event. */
  public static final String DEFAULT_TYPE = "com.dapr.event.sent";

  /** The event type of an event published in a bulk request. */
  public static final String BULK_TYPE = "com.dapr.event.sent.bulk";

  /** The default source when no app id is known. */
  public static final String DEFAULT_SOURCE = "Dapr";

  /** The media type of a structured CloudEvent. */
  public static final String CONTENT_TYPE = "application/cloudevents+json";

  /** Attributes with an accessor of their own, and the payload's members: never extensions. */
  private static final Set<String> ATTRIBUTES =
      Set.of(
          "id",
          "source",
          "type",
          "specversion",
          "datacontenttype",
          "dataschema",
          "subject",
          "time",
          "topic",
          "pubsubname",
          "traceid",
          "traceparent",
          "tracestate",
          "data",
          "data_base64");

  private static final byte[] NO_DATA = new byte[0];

  /** The last {@code source} found to be a URI reference. */
  private static volatile String lastValidSource;

  private final String id;
  private final String source;
  private final String type;
  private final String specversion;
  private final String datacontenttype;
  private final String dataschema;
  private final String subject;
  private final OffsetDateTime time;
  private final String topic;
  private final String pubsubname;
  private final String traceid;
  private final String traceparent;
  private final String tracestate;
  private final byte[] data;
  private final Map<String, Object> extensions;

  private CloudEvent(Builder b) {
    // The default id is made here, not in the builder: toBuilder() and explicit ids skip it.
    this.id = b.idSet ? required(b.id, "id") : UUID.randomUUID().toString();
    this.source = required(b.source, "source");
    this.type = required(b.type, "type");
    this.specversion = required(b.specversion, "specversion");
    this.datacontenttype = optional(b.datacontenttype);
    this.dataschema = optional(b.dataschema);
    this.subject = optional(b.subject);
    this.time = b.time;
    this.topic = optional(b.topic);
    this.pubsubname = optional(b.pubsubname);
    this.traceid = optional(b.traceid);
    this.traceparent = optional(b.traceparent);
    this.tracestate = optional(b.tracestate);
    this.data = b.data == null ? NO_DATA : b.data;
    this.extensions =
        b.extensions.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(b.extensions));
    requireUri(source, "source", false);
    if (dataschema != null) {
      requireUri(dataschema, "dataschema", true);
    }
  }

  /**
   * Returns a builder with Dapr's defaults: a random UUID id, source {@code Dapr}, type {@code
   * com.dapr.event.sent}, specversion {@code 1.0}.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this event's attributes, payload and extensions.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.idSet = true;
    b.source = source;
    b.type = type;
    b.specversion = specversion;
    b.datacontenttype = datacontenttype;
    b.dataschema = dataschema;
    b.subject = subject;
    b.time = time;
    b.topic = topic;
    b.pubsubname = pubsubname;
    b.traceid = traceid;
    b.traceparent = traceparent;
    b.tracestate = tracestate;
    b.data = data;
    b.extensions.putAll(extensions);
    return b;
  }

  /**
   * Returns the event's id.
   *
   * @return never empty
   */
  public String id() {
    return id;
  }

  /**
   * Returns the producer: the publisher's app id, or {@code Dapr}.
   *
   * @return a URI reference; never empty
   */
  public String source() {
    return source;
  }

  /**
   * Returns the event's type.
   *
   * @return {@code com.dapr.event.sent} unless the publisher chose another; never empty
   */
  public String type() {
    return type;
  }

  /**
   * Returns the CloudEvents version.
   *
   * @return {@code 1.0} for the envelopes Dapr and Plumb write; never empty
   */
  public String specversion() {
    return specversion;
  }

  /**
   * Returns the payload's media type.
   *
   * @return the media type, or {@code null}
   */
  public String datacontenttype() {
    return datacontenttype;
  }

  /**
   * Returns the schema the payload adheres to.
   *
   * @return an absolute URI, or {@code null}
   */
  public String dataschema() {
    return dataschema;
  }

  /**
   * Returns the subject of the event within its source.
   *
   * @return the subject, or {@code null}
   */
  public String subject() {
    return subject;
  }

  /**
   * Returns when the event was published, with the publisher's offset.
   *
   * @return the time, or {@code null}
   */
  public OffsetDateTime time() {
    return time;
  }

  /**
   * Returns the topic the event was published to (Dapr's extension).
   *
   * @return the topic, or {@code null}
   */
  public String topic() {
    return topic;
  }

  /**
   * Returns the pub/sub component the event was published through (Dapr's extension).
   *
   * @return the component's name, or {@code null}
   */
  public String pubsubname() {
    return pubsubname;
  }

  /**
   * Returns Dapr's deprecated {@code traceid}, which Dapr sets to the {@code traceparent}.
   *
   * @return the value, or {@code null}
   */
  public String traceid() {
    return traceid;
  }

  /**
   * Returns the W3C {@code traceparent} of the publisher.
   *
   * @return the header value, or {@code null}
   */
  public String traceparent() {
    return traceparent;
  }

  /**
   * Returns the W3C {@code tracestate} of the publisher.
   *
   * @return the header value, or {@code null}
   */
  public String tracestate() {
    return tracestate;
  }

  /**
   * Returns the payload; shared, not copied.
   *
   * @return the bytes; never {@code null}, empty if the event has none
   */
  public byte[] data() {
    return data;
  }

  /**
   * Returns the payload as UTF-8 text.
   *
   * @return the text; empty if the event has no payload
   */
  public String dataAsString() {
    return new String(data, StandardCharsets.UTF_8);
  }

  /**
   * Returns every other attribute, such as Dapr's {@code expiration}, in insertion order.
   *
   * @return name to value: {@link String}, {@link Number}, {@link Boolean}, or JSON structures as
   *     {@link Map}s and {@link List}s (not copied); immutable, never {@code null}
   */
  public Map<String, Object> extensions() {
    return extensions;
  }

  /**
   * Compares all attributes, the payload by content and the extensions regardless of order.
   *
   * @param o the other object
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof CloudEvent e
        && id.equals(e.id)
        && source.equals(e.source)
        && type.equals(e.type)
        && specversion.equals(e.specversion)
        && Objects.equals(datacontenttype, e.datacontenttype)
        && Objects.equals(dataschema, e.dataschema)
        && Objects.equals(subject, e.subject)
        && Objects.equals(time, e.time)
        && Objects.equals(topic, e.topic)
        && Objects.equals(pubsubname, e.pubsubname)
        && Objects.equals(traceid, e.traceid)
        && Objects.equals(traceparent, e.traceparent)
        && Objects.equals(tracestate, e.tracestate)
        && Arrays.equals(data, e.data)
        && extensions.equals(e.extensions);
  }

  /**
   * Hashes all attributes, the payload by content.
   *
   * @return the hash
   */
  @Override
  public int hashCode() {
    return 31
            * Objects.hash(
                id,
                source,
                type,
                specversion,
                datacontenttype,
                dataschema,
                subject,
                time,
                topic,
                pubsubname,
                traceid,
                traceparent,
                tracestate,
                extensions)
        + Arrays.hashCode(data);
  }

  /**
   * Describes the event without its payload or the extensions' values.
   *
   * @return the main attributes, the payload's size and the extensions' names
   */
  @Override
  public String toString() {
    return "CloudEvent[id="
        + id
        + ", source="
        + source
        + ", type="
        + type
        + ", topic="
        + topic
        + ", pubsubname="
        + pubsubname
        + ", datacontenttype="
        + datacontenttype
        + ", bytes="
        + data.length
        + ", extensions="
        + extensions.keySet()
        + "]";
  }

  private static String required(String value, String attribute) {
    if (value == null || value.isEmpty()) {
      throw new InvalidRequestException(
          "CloudEvent attribute '" + attribute + "' must not be null or empty");
    }
    return value;
  }

  private static String optional(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static void requireUri(String value, String attribute, boolean absolute) {
    if (!absolute && value.equals(lastValidSource)) {
      return; // every event of one publisher has the same source: parse it once
    }
    boolean valid;
    try {
      URI uri = new URI(value);
      valid = !absolute || uri.isAbsolute();
    } catch (URISyntaxException e) {
      valid = false;
    }
    if (valid && !absolute) {
      lastValidSource = value;
    }
    if (!valid) {
      throw new InvalidRequestException(
          "CloudEvent attribute '"
              + attribute
              + "' must be "
              + (absolute ? "an absolute URI" : "a URI reference")
              + ", got '"
              + value
              + "'");
    }
  }

  /** Builds a {@link CloudEvent}, for the runtime and for tests of handlers. Not thread-safe. */
  public static final class Builder {
    private String id;
    private boolean idSet;
    private String source = DEFAULT_SOURCE;
    private String type = DEFAULT_TYPE;
    private String specversion = SPEC_VERSION;
    private String datacontenttype;
    private String dataschema;
    private String subject;
    private OffsetDateTime time;
    private String topic;
    private String pubsubname;
    private String traceid;
    private String traceparent;
    private String tracestate;
    private byte[] data;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the event id.
     *
     * @param id not empty
     * @return this builder
     */
    public Builder id(String id) {
      this.id = id;
      this.idSet = true;
      return this;
    }

    /**
     * Sets the producer.
     *
     * @param source a URI reference, such as the app id; not empty
     * @return this builder
     */
    public Builder source(String source) {
      this.source = source;
      return this;
    }

    /**
     * Sets the event type.
     *
     * @param type not empty
     * @return this builder
     */
    public Builder type(String type) {
      this.type = type;
      return this;
    }

    /**
     * Sets the CloudEvents version.
     *
     * @param specversion not empty
     * @return this builder
     */
    public Builder specversion(String specversion) {
      this.specversion = specversion;
      return this;
    }

    /**
     * Sets the payload's media type.
     *
     * @param datacontenttype the media type, or {@code null}
     * @return this builder
     */
    public Builder datacontenttype(String datacontenttype) {
      this.datacontenttype = datacontenttype;
      return this;
    }

    /**
     * Sets the schema the payload adheres to.
     *
     * @param dataschema an absolute URI, or {@code null}
     * @return this builder
     */
    public Builder dataschema(String dataschema) {
      this.dataschema = dataschema;
      return this;
    }

    /**
     * Sets the subject.
     *
     * @param subject the subject, or {@code null}
     * @return this builder
     */
    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    /**
     * Sets the publication time.
     *
     * @param time the time, or {@code null}
     * @return this builder
     */
    public Builder time(OffsetDateTime time) {
      this.time = time;
      return this;
    }

    /**
     * Sets the topic.
     *
     * @param topic the topic, or {@code null}
     * @return this builder
     */
    public Builder topic(String topic) {
      this.topic = topic;
      return this;
    }

    /**
     * Sets the pub/sub component's name.
     *
     * @param pubsubname the name, or {@code null}
     * @return this builder
     */
    public Builder pubsubname(String pubsubname) {
      this.pubsubname = pubsubname;
      return this;
    }

    /**
     * Sets Dapr's deprecated {@code traceid}.
     *
     * @param traceid the value, or {@code null}
     * @return this builder
     */
    public Builder traceid(String traceid) {
      this.traceid = traceid;
      return this;
    }

    /**
     * Sets the W3C {@code traceparent}.
     *
     * @param traceparent the header value, or {@code null}
     * @return this builder
     */
    public Builder traceparent(String traceparent) {
      this.traceparent = traceparent;
      return this;
    }

    /**
     * Sets the W3C {@code tracestate}.
     *
     * @param tracestate the header value, or {@code null}
     * @return this builder
     */
    public Builder tracestate(String tracestate) {
      this.tracestate = tracestate;
      return this;
    }

    /**
     * Sets the payload; the array is not copied.
     *
     * @param data the payload, or {@code null} for none
     * @return this builder
     */
    public Builder data(byte[] data) {
      this.data = data;
      return this;
    }

    /**
     * Sets the payload as UTF-8 text.
     *
     * @param data the text, or {@code null} for none
     * @return this builder
     */
    public Builder data(String data) {
      this.data = data == null ? null : data.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /**
     * Adds, replaces or removes an extension attribute.
     *
     * @param name the attribute's name; not empty, not one with an accessor of its own
     * @param value a {@link String}, {@link Number}, {@link Boolean}, {@link Map} or {@link List};
     *     {@code null} removes the attribute
     * @return this builder
     * @throws InvalidRequestException if the name or the value is invalid
     */
    public Builder extension(String name, Object value) {
      if (name == null || name.isEmpty()) {
        throw new InvalidRequestException("CloudEvent extension name must not be null or empty");
      }
      if (ATTRIBUTES.contains(name)) {
        throw new InvalidRequestException(
            "CloudEvent attribute '" + name + "' is not an extension; set it with " + name + "()");
      }
      if (value == null) {
        extensions.remove(name);
        return this;
      }
      if (!(value instanceof String
          || value instanceof Number
          || value instanceof Boolean
          || value instanceof Map
          || value instanceof List)) {
        throw new InvalidRequestException(
            "CloudEvent extension '"
                + name
                + "' must be a string, number, boolean, map or list, got "
                + value.getClass().getName());
      }
      extensions.put(name, value);
      return this;
    }

    /**
     * Builds the event.
     *
     * @return the event
     * @throws InvalidRequestException if an attribute is invalid
     */
    public CloudEvent build() {
      return new CloudEvent(this);
    }
  }
}
