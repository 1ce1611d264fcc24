package dev.plumb.runtime.internal.pubsub;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.Serializer;
import dev.plumb.api.pubsub.CloudEvent;
import dev.plumb.api.pubsub.PublishOptions;
import dev.plumb.api.pubsub.spi.PubSubMessage;
import dev.plumb.api.pubsub.spi.PublishRequest;
import dev.plumb.api.spi.RequestMetadata;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Dapr's CloudEvents envelope on both sides of one pub/sub component (contrib {@code
 * pubsub/envelope.go}, dapr {@code pkg/runtime/pubsub/cloudevents.go} and {@code subscription.go}):
 * what a publish puts on the broker, and how a delivered message becomes a {@link CloudEvent}.
 * Stateless apart from its settings; thread-safe.
 *
 * <p>Publishing: {@code byte[]} payloads travel as they are ({@code application/octet-stream} by
 * default), a {@code String} with a non-JSON content type as UTF-8 text, anything else through the
 * runtime's serializer. The envelope gets a random id, the app id as {@code source}, Dapr's type,
 * the topic and component, the W3C trace context of the publishing span ({@code traceid}, {@code
 * traceparent} and {@code tracestate} always present, empty without a span), the time, and {@code
 * expiration} when a TTL is asked for and the broker does not expire messages itself. {@code
 * cloudevent.*} metadata (and {@link PublishOptions}' typed overrides, which win) replace id,
 * source, type, subject and the trace fields. A payload that already is a CloudEvent ({@link
 * CloudEvent}, or the content type {@code application/cloudevents+json}) is passed through with
 * {@code topic} and {@code pubsubname} overwritten and missing attributes added. {@code rawPayload}
 * sends the payload bytes alone.
 */
final class Envelopes {
  static final String CLOUDEVENT_PREFIX = "cloudevent.";
  static final String EXPIRATION = "expiration";
  static final String OCTET_STREAM = "application/octet-stream";

  private final String appId;
  private final String pubsubName;
  private final Serializer serializer;
  private final Clock clock;
  private volatile OffsetDateTime lastNow;
  private final boolean brokerExpires;

  /**
   * Creates the envelope rules of one component.
   *
   * @param appId the app id, the default {@code source}
   * @param pubsubName the component's name
   * @param serializer serializes payloads that are not bytes
   * @param clock the runtime's clock, for {@code time} and {@code expiration}
   * @param brokerExpires whether the broker has {@code MESSAGE_TTL}: then no {@code expiration}
   */
  Envelopes(
      String appId, String pubsubName, Serializer serializer, Clock clock, boolean brokerExpires) {
    this.appId = appId;
    this.pubsubName = pubsubName;
    this.serializer = serializer;
    this.clock = clock;
    this.brokerExpires = brokerExpires;
  }

  /**
   * A publish, prepared outside the outbound call: everything but the trace context, so that a
   * retried attempt sends the same event id.
   *
   * @param topic the topic
   * @param payload the payload bytes
   * @param contentType the payload's media type
   * @param metadata request metadata for the broker
   * @param event the envelope without trace fields, or {@code null} for a raw payload
   * @param userEvent whether {@code event} was given by the caller (its trace fields are kept)
   */
  record Prepared(
      String topic,
      byte[] payload,
      String contentType,
      Map<String, String> metadata,
      CloudEvent event,
      boolean userEvent) {}

  /**
   * Prepares a publish.
   *
   * @param topic the topic
   * @param data the payload
   * @param options the options
   * @param type the CloudEvent type for a new envelope
   * @return the prepared publish
   * @throws InvalidRequestException if the metadata (TTL) or a given CloudEvent is invalid
   */
  Prepared prepare(String topic, Object data, PublishOptions options, String type) {
    Map<String, String> metadata = new LinkedHashMap<>(options.metadata());
    Duration ttl = options.ttl();
    if (ttl != null) {
      metadata.put(RequestMetadata.TTL_IN_SECONDS, Long.toString(ceilSeconds(ttl)));
    } else {
      ttl = RequestMetadata.ttl(metadata).orElse(null);
    }
    boolean raw = options.rawPayload() || RequestMetadata.rawPayload(metadata);
    if (options.rawPayload()) {
      metadata.put(RequestMetadata.RAW_PAYLOAD, "true");
    }
    if (data instanceof CloudEvent given) {
      return prepareUser(topic, given, metadata, ttl);
    }
    String contentType = options.contentType();
    byte[] payload;
    if (data instanceof byte[] bytes) {
      payload = bytes;
      contentType = contentType == null ? OCTET_STREAM : contentType;
    } else if (data instanceof String text
        && contentType != null
        && !CloudEventCodec.isJson(contentType)) {
      payload = text.getBytes(StandardCharsets.UTF_8);
    } else {
      payload = serializer.serialize(data);
      contentType = contentType == null ? serializer.contentType() : contentType;
    }
    if (raw) {
      return new Prepared(topic, payload, contentType, metadata, null, false);
    }
    if (isCloudEventJson(contentType)) {
      CloudEvent given;
      try {
        given = CloudEventCodec.decodeGiven(payload);
      } catch (RuntimeException e) {
        throw new InvalidRequestException(
            "publishing to topic '"
                + topic
                + "' on '"
                + pubsubName
                + "': the payload is not a CloudEvent: "
                + e.getMessage());
      }
      return prepareUser(topic, given, metadata, ttl);
    }
    CloudEvent.Builder b =
        CloudEvent.builder()
            .id(override(options.cloudEventId(), metadata, "id", Ids.uuid()))
            .source(
                override(
                    options.cloudEventSource(),
                    metadata,
                    "source",
                    appId.isEmpty() ? CloudEvent.DEFAULT_SOURCE : appId))
            .type(override(options.cloudEventType(), metadata, "type", type))
            .subject(override(options.cloudEventSubject(), metadata, "subject", null))
            .datacontenttype(contentType)
            .topic(topic)
            .pubsubname(pubsubName)
            .time(now())
            .data(payload);
    if (ttl != null && !brokerExpires) {
      b.extension(EXPIRATION, expiration(ttl));
    }
    return new Prepared(topic, payload, contentType, metadata, b.build(), false);
  }

  private Prepared prepareUser(
      String topic, CloudEvent given, Map<String, String> metadata, Duration ttl) {
    CloudEvent.Builder b = given.toBuilder().topic(topic).pubsubname(pubsubName);
    if (given.time() == null) {
      b.time(now());
    }
    if (ttl != null && !brokerExpires) {
      b.extension(EXPIRATION, expiration(ttl));
    }
    return new Prepared(topic, given.data(), CloudEvent.CONTENT_TYPE, metadata, b.build(), true);
  }

  /**
   * Builds the broker request of a prepared publish, taking the trace context of the calling span.
   *
   * @param p the prepared publish
   * @return the request
   */
  PublishRequest request(Prepared p) {
    if (p.event() == null) {
      Map<String, String> metadata = p.metadata();
      String traceparent = traceparent();
      if (!traceparent.isEmpty()) {
        metadata = new LinkedHashMap<>(metadata);
        metadata.putIfAbsent("traceparent", traceparent);
        metadata.putIfAbsent("tracestate", tracestate());
      }
      return new PublishRequest(p.topic(), p.payload(), metadata, p.contentType());
    }
    return new PublishRequest(
        p.topic(), encode(withTrace(p)), p.metadata(), CloudEvent.CONTENT_TYPE);
  }

  /**
   * Returns the envelope of a prepared publish with the trace context of the calling span.
   *
   * @param p the prepared publish, not raw
   * @return the event
   */
  CloudEvent withTrace(Prepared p) {
    CloudEvent e = p.event();
    CloudEvent.Builder b = e.toBuilder();
    if (p.userEvent()) {
      if (e.traceid() == null) {
        String traceparent = traceparent();
        b.traceid(traceparent).traceparent(traceparent);
      }
      if (e.tracestate() == null) {
        b.tracestate(tracestate());
      }
      return b.build();
    }
    String traceparent =
        override(
            null,
            p.metadata(),
            "traceparent",
            override(null, p.metadata(), "traceid", traceparent()));
    return b.traceid(traceparent)
        .traceparent(traceparent)
        .tracestate(override(null, p.metadata(), "tracestate", tracestate()))
        .build();
  }

  static byte[] encode(CloudEvent event) {
    return CloudEventCodec.encode(event);
  }

  /**
   * Turns a delivered message into its CloudEvent: Dapr's synthetic wrapper for raw payloads,
   * otherwise the decoded envelope, whose missing trace fields come from the message's metadata.
   *
   * @param message the message
   * @param rawPayload whether the subscription reads raw payloads
   * @return the event
   * @throws dev.plumb.api.SerializationException if the message is not a CloudEvent
   */
  CloudEvent decode(PubSubMessage message, boolean rawPayload) {
    Map<String, String> md = message.metadata();
    if (rawPayload) {
      return CloudEvent.builder()
          .id(Ids.uuid())
          .source(CloudEvent.DEFAULT_SOURCE)
          .type(CloudEvent.DEFAULT_TYPE)
          .datacontenttype(OCTET_STREAM)
          .topic(message.topic())
          .pubsubname(pubsubName)
          .traceid(RequestMetadata.get(md, "traceid", "traceparent").orElse(null))
          .traceparent(RequestMetadata.get(md, "traceparent").orElse(null))
          .tracestate(RequestMetadata.get(md, "tracestate").orElse(null))
          .data(message.data())
          .build();
    }
    CloudEvent e = CloudEventCodec.decode(message.data());
    if (e.traceparent() == null && !md.isEmpty()) {
      Optional<String> traceparent = RequestMetadata.get(md, "traceparent");
      if (traceparent.isPresent()) {
        CloudEvent.Builder b = e.toBuilder().traceparent(traceparent.get());
        if (e.traceid() == null) {
          b.traceid(traceparent.get());
        }
        if (e.tracestate() == null) {
          b.tracestate(RequestMetadata.get(md, "tracestate").orElse(null));
        }
        e = b.build();
      }
    }
    return e;
  }

  /**
   * Tells whether an event has expired: its {@code expiration} is an RFC 3339 time before now. An
   * unparsable one never expires, as in Dapr.
   *
   * @param event the event
   * @return {@code true} if expired
   */
  boolean expired(CloudEvent event) {
    Object expiration = event.extensions().get(EXPIRATION);
    if (!(expiration instanceof String text) || text.isEmpty()) {
      return false;
    }
    try {
      return OffsetDateTime.parse(text).toInstant().isBefore(clock.instant());
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private OffsetDateTime now() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    // Events of one second share one stamp (and, in the codec, its text); a race costs a miss.
    OffsetDateTime last = lastNow;
    if (last != null && last.toEpochSecond() == now.getEpochSecond()) {
      return last;
    }
    last = OffsetDateTime.ofInstant(now, clock.getZone());
    lastNow = last;
    return last;
  }

  private String expiration(Duration ttl) {
    return OffsetDateTime.ofInstant(
            clock.instant().plus(ttl).truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC)
        .toString();
  }

  private static long ceilSeconds(Duration ttl) {
    return ttl.getSeconds() + (ttl.getNano() > 0 ? 1 : 0);
  }

  static boolean isCloudEventJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String t = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return t.trim().toLowerCase(Locale.ROOT).equals(CloudEvent.CONTENT_TYPE);
  }

  /** The typed option if set, else the {@code cloudevent.<name>} metadata, else the default. */
  private static String override(
      String typed, Map<String, String> metadata, String name, String otherwise) {
    if (typed != null) {
      return typed;
    }
    if (!metadata.isEmpty()) {
      Optional<String> v = RequestMetadata.get(metadata, CLOUDEVENT_PREFIX + name);
      if (v.isPresent()) {
        return v.get();
      }
    }
    return otherwise;
  }

  /** The W3C {@code traceparent} of the current span, or empty without a valid one. */
  static String traceparent() {
    SpanContext c = Span.current().getSpanContext();
    if (!c.isValid()) {
      return "";
    }
    return "00-" + c.getTraceId() + "-" + c.getSpanId() + "-" + c.getTraceFlags().asHex();
  }

  /** The W3C {@code tracestate} of the current span, or empty. */
  static String tracestate() {
    TraceState state = Span.current().getSpanContext().getTraceState();
    if (state.isEmpty()) {
      return "";
    }
    StringJoiner j = new StringJoiner(",");
    state.forEach((k, v) -> j.add(k + "=" + v));
    return j.toString();
  }
}
