package dev.plumb.api.pubsub;

import dev.plumb.api.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A delivered event as a CloudEvents 1.0 envelope, the way Dapr builds it. Attribute names are the
 * CloudEvents ones. The payload is kept as bytes: the JSON text for JSON content types, the decoded
 * {@code data_base64} for binary ones, the UTF-8 text otherwise; typed handlers get it deserialized
 * in {@link TopicEvent#data()}.
 *
 * <p>The {@code data} array is shared, not copied: do not modify it.
 *
 * @param id the event id; not empty
 * @param source the producer, the publisher's app id (or {@code Dapr}); not empty
 * @param type the event type, {@code com.dapr.event.sent} by default; not empty
 * @param specversion the CloudEvents version, {@code 1.0}; not empty
 * @param datacontenttype the payload's media type, or {@code null}
 * @param subject the subject, or {@code null}
 * @param time when the event was published, or {@code null}
 * @param topic the topic it was published to, or {@code null}
 * @param pubsubname the pub/sub component it was published through, or {@code null}
 * @param traceparent the W3C {@code traceparent} of the publisher, or {@code null}
 * @param tracestate the W3C {@code tracestate} of the publisher, or {@code null}
 * @param data the payload; never {@code null}, empty if the event has none
 * @param extensions every other attribute (such as {@code expiration}): {@link String}, {@link
 *     Number} or {@link Boolean} values, or JSON structures as maps and lists; never {@code null}
 */
public record CloudEvent(
    String id,
    String source,
    String type,
    String specversion,
    String datacontenttype,
    String subject,
    Instant time,
    String topic,
    String pubsubname,
    String traceparent,
    String tracestate,
    byte[] data,
    Map<String, Object> extensions) {

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

  /**
   * Validates and copies the components.
   *
   * @throws InvalidRequestException if a required attribute is empty
   */
  public CloudEvent {
    requireAttribute(id, "id");
    requireAttribute(source, "source");
    requireAttribute(type, "type");
    requireAttribute(specversion, "specversion");
    data = data == null ? new byte[0] : data;
    if (extensions == null || extensions.isEmpty()) {
      extensions = Map.of();
    } else {
      Map<String, Object> copy = new LinkedHashMap<>();
      extensions.forEach(
          (k, v) -> {
            if (v != null) {
              copy.put(k, v);
            }
          });
      extensions = Map.copyOf(copy);
    }
  }

  private static void requireAttribute(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isEmpty()) {
      throw new InvalidRequestException("CloudEvent attribute '" + name + "' must not be empty");
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
   * Returns the payload as UTF-8 text.
   *
   * @return the text; empty if the event has no payload
   */
  public String dataAsString() {
    return new String(data, StandardCharsets.UTF_8);
  }

  /**
   * Compares all attributes, the payload by content.
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
        && Objects.equals(subject, e.subject)
        && Objects.equals(time, e.time)
        && Objects.equals(topic, e.topic)
        && Objects.equals(pubsubname, e.pubsubname)
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
                subject,
                time,
                topic,
                pubsubname,
                traceparent,
                tracestate,
                extensions)
        + Arrays.hashCode(data);
  }

  /**
   * Describes the event without its payload.
   *
   * @return the attributes and the payload's size
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

  /** Builds a {@link CloudEvent}, for the runtime and for tests of handlers. Not thread-safe. */
  public static final class Builder {
    private String id = UUID.randomUUID().toString();
    private String source = DEFAULT_SOURCE;
    private String type = DEFAULT_TYPE;
    private String specversion = SPEC_VERSION;
    private String datacontenttype;
    private String subject;
    private Instant time;
    private String topic;
    private String pubsubname;
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
      return this;
    }

    /**
     * Sets the producer.
     *
     * @param source not empty
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
    public Builder time(Instant time) {
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
     * @param data the text; not {@code null}
     * @return this builder
     */
    public Builder data(String data) {
      this.data = data.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /**
     * Adds an extension attribute.
     *
     * @param name the attribute's name
     * @param value the value; {@code null} removes the attribute
     * @return this builder
     */
    public Builder extension(String name, Object value) {
      Objects.requireNonNull(name, "name");
      if (value == null) {
        extensions.remove(name);
      } else {
        extensions.put(name, value);
      }
      return this;
    }

    /**
     * Builds the event.
     *
     * @return the event
     * @throws InvalidRequestException if a required attribute is empty
     */
    public CloudEvent build() {
      return new CloudEvent(
          id,
          source,
          type,
          specversion,
          datacontenttype,
          subject,
          time,
          topic,
          pubsubname,
          traceparent,
          tracestate,
          data,
          extensions);
    }
  }
}
