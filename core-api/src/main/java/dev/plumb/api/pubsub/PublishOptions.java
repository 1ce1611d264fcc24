package dev.plumb.api.pubsub;

import dev.plumb.api.InvalidRequestException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to publish one event: content type, time to live, raw payload, CloudEvent attribute overrides
 * and request metadata passed to the broker. Immutable; build with {@link #builder()}.
 */
public final class PublishOptions {
  /** Wrapped in a CloudEvent, content type from the serializer, no TTL, no metadata. */
  public static final PublishOptions DEFAULT = builder().build();

  private final String contentType;
  private final Duration ttl;
  private final boolean rawPayload;
  private final String cloudEventId;
  private final String cloudEventSource;
  private final String cloudEventType;
  private final String cloudEventSubject;
  private final Map<String, String> metadata;

  private PublishOptions(Builder b) {
    this.contentType = b.contentType;
    this.ttl = b.ttl;
    this.rawPayload = b.rawPayload;
    this.cloudEventId = b.cloudEventId;
    this.cloudEventSource = b.cloudEventSource;
    this.cloudEventType = b.cloudEventType;
    this.cloudEventSubject = b.cloudEventSubject;
    this.metadata = Map.copyOf(b.metadata);
  }

  /**
   * Returns a new builder with the defaults.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding these options.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.contentType = contentType;
    b.ttl = ttl;
    b.rawPayload = rawPayload;
    b.cloudEventId = cloudEventId;
    b.cloudEventSource = cloudEventSource;
    b.cloudEventType = cloudEventType;
    b.cloudEventSubject = cloudEventSubject;
    b.metadata.putAll(metadata);
    return b;
  }

  /**
   * Returns the payload's media type, the CloudEvent's {@code datacontenttype}. {@code
   * application/cloudevents+json} means the payload already is a CloudEvent, which is sent as is
   * apart from {@code topic} and {@code pubsubname}.
   *
   * @return the media type, or {@code null} for the serializer's ({@code application/json}), or
   *     {@code application/octet-stream} for {@code byte[]} payloads
   */
  public String contentType() {
    return contentType;
  }

  /**
   * Returns how long the event lives; it is dropped on delivery once expired.
   *
   * @return a positive TTL, or {@code null} for none
   */
  public Duration ttl() {
    return ttl;
  }

  /**
   * Returns whether the payload is sent without a CloudEvent envelope (Dapr's {@code rawPayload}).
   *
   * @return {@code true} to send the bytes as they are
   */
  public boolean rawPayload() {
    return rawPayload;
  }

  /**
   * Returns the CloudEvent {@code id} to use instead of a random UUID.
   *
   * @return the id, or {@code null}
   */
  public String cloudEventId() {
    return cloudEventId;
  }

  /**
   * Returns the CloudEvent {@code source} to use instead of the app id.
   *
   * @return the source, or {@code null}
   */
  public String cloudEventSource() {
    return cloudEventSource;
  }

  /**
   * Returns the CloudEvent {@code type} to use instead of {@code com.dapr.event.sent}.
   *
   * @return the type, or {@code null}
   */
  public String cloudEventType() {
    return cloudEventType;
  }

  /**
   * Returns the CloudEvent {@code subject}.
   *
   * @return the subject, or {@code null} for none
   */
  public String cloudEventSubject() {
    return cloudEventSubject;
  }

  /**
   * Returns the request metadata passed to the broker as is.
   *
   * @return an immutable map
   */
  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public String toString() {
    return "PublishOptions[contentType="
        + contentType
        + ", ttl="
        + ttl
        + ", rawPayload="
        + rawPayload
        + ", cloudEventId="
        + cloudEventId
        + ", cloudEventSource="
        + cloudEventSource
        + ", cloudEventType="
        + cloudEventType
        + ", cloudEventSubject="
        + cloudEventSubject
        + ", metadata="
        + metadata.keySet()
        + "]";
  }

  /** Builds {@link PublishOptions}. Not thread-safe. */
  public static final class Builder {
    private String contentType;
    private Duration ttl;
    private boolean rawPayload;
    private String cloudEventId;
    private String cloudEventSource;
    private String cloudEventType;
    private String cloudEventSubject;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the payload's media type.
     *
     * @param contentType for example {@code text/plain}, or {@code null} for the default
     * @return this builder
     */
    public Builder contentType(String contentType) {
      this.contentType = contentType;
      return this;
    }

    /**
     * Sets the time to live. Brokers that count in seconds round a fraction up.
     *
     * @param ttl positive, or {@code null} for none
     * @return this builder
     * @throws InvalidRequestException if {@code ttl} is zero or negative
     */
    public Builder ttl(Duration ttl) {
      if (ttl != null && (ttl.isZero() || ttl.isNegative())) {
        throw new InvalidRequestException("publish ttl must be positive, got " + ttl);
      }
      this.ttl = ttl;
      return this;
    }

    /**
     * Sends the payload without a CloudEvent envelope, or not.
     *
     * @param rawPayload {@code true} to send the bytes as they are
     * @return this builder
     */
    public Builder rawPayload(boolean rawPayload) {
      this.rawPayload = rawPayload;
      return this;
    }

    /**
     * Overrides the CloudEvent {@code id}.
     *
     * @param id the id, or {@code null} for a random UUID
     * @return this builder
     */
    public Builder cloudEventId(String id) {
      this.cloudEventId = id;
      return this;
    }

    /**
     * Overrides the CloudEvent {@code source}.
     *
     * @param source the source, or {@code null} for the app id
     * @return this builder
     */
    public Builder cloudEventSource(String source) {
      this.cloudEventSource = source;
      return this;
    }

    /**
     * Overrides the CloudEvent {@code type}.
     *
     * @param type the type, or {@code null} for {@code com.dapr.event.sent}
     * @return this builder
     */
    public Builder cloudEventType(String type) {
      this.cloudEventType = type;
      return this;
    }

    /**
     * Sets the CloudEvent {@code subject}.
     *
     * @param subject the subject, or {@code null} for none
     * @return this builder
     */
    public Builder cloudEventSubject(String subject) {
      this.cloudEventSubject = subject;
      return this;
    }

    /**
     * Adds one request metadata entry, passed to the broker as is.
     *
     * @param name the entry's name
     * @param value the entry's value
     * @return this builder
     */
    public Builder metadata(String name, String value) {
      metadata.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Builds the options.
     *
     * @return immutable options
     */
    public PublishOptions build() {
      return new PublishOptions(this);
    }
  }
}
