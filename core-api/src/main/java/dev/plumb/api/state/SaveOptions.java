package dev.plumb.api.state;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to save one value: optimistic concurrency, consistency, time to live and request metadata.
 * Immutable; build with {@link #builder()} or a static shortcut.
 */
public final class SaveOptions {
  /** Last write wins, eventual consistency, no TTL, no metadata. */
  public static final SaveOptions DEFAULT = builder().build();

  private final ETag etag;
  private final Concurrency concurrency;
  private final Consistency consistency;
  private final Duration ttl;
  private final String contentType;
  private final Map<String, String> metadata;

  private SaveOptions(Builder b) {
    this.etag = b.etag;
    this.concurrency = b.concurrency;
    this.consistency = b.consistency;
    this.ttl = b.ttl;
    this.contentType = b.contentType;
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
   * Writes only if the stored etag still equals {@code etag}.
   *
   * @param etag the etag read earlier; not {@code null}
   * @return the options
   */
  public static SaveOptions ifMatch(ETag etag) {
    return builder().etag(Objects.requireNonNull(etag, "etag")).build();
  }

  /**
   * Writes only if the key does not exist yet.
   *
   * @return the options
   */
  public static SaveOptions firstWrite() {
    return builder().concurrency(Concurrency.FIRST_WRITE).build();
  }

  /**
   * Expires the value after {@code ttl}.
   *
   * @param ttl a positive duration, whole seconds; negative means never expire and removes an
   *     existing TTL
   * @return the options
   */
  public static SaveOptions ttl(Duration ttl) {
    return builder().ttl(ttl).build();
  }

  /**
   * Returns a builder holding these options.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.etag = etag;
    b.concurrency = concurrency;
    b.consistency = consistency;
    b.ttl = ttl;
    b.contentType = contentType;
    b.metadata.putAll(metadata);
    return b;
  }

  /**
   * Returns the etag the stored value must match.
   *
   * @return the etag, or {@code null} for none
   */
  public ETag etag() {
    return etag;
  }

  /**
   * Returns the concurrency model.
   *
   * @return never {@code null}
   */
  public Concurrency concurrency() {
    return concurrency;
  }

  /**
   * Returns the consistency model.
   *
   * @return never {@code null}
   */
  public Consistency consistency() {
    return consistency;
  }

  /**
   * Returns the time to live.
   *
   * @return the TTL, or {@code null} for none (a re-save without TTL clears an earlier one)
   */
  public Duration ttl() {
    return ttl;
  }

  /**
   * Returns the content type hint passed to the store as {@code contentType} metadata.
   *
   * @return the content type, or {@code null}
   */
  public String contentType() {
    return contentType;
  }

  /**
   * Returns the request metadata passed to the store as is.
   *
   * @return an immutable map
   */
  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public String toString() {
    return "SaveOptions[etag="
        + etag
        + ", concurrency="
        + concurrency
        + ", consistency="
        + consistency
        + ", ttl="
        + ttl
        + ", metadata="
        + metadata.keySet()
        + "]";
  }

  /** Builds {@link SaveOptions}. Not thread-safe. */
  public static final class Builder {
    private ETag etag;
    private Concurrency concurrency = Concurrency.LAST_WRITE;
    private Consistency consistency = Consistency.EVENTUAL;
    private Duration ttl;
    private String contentType;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the etag the stored value must match.
     *
     * @param etag the etag, or {@code null} for none
     * @return this builder
     */
    public Builder etag(ETag etag) {
      this.etag = etag;
      return this;
    }

    /**
     * Sets the concurrency model.
     *
     * @param concurrency not {@code null}
     * @return this builder
     */
    public Builder concurrency(Concurrency concurrency) {
      this.concurrency = Objects.requireNonNull(concurrency, "concurrency");
      return this;
    }

    /**
     * Sets the consistency model.
     *
     * @param consistency not {@code null}
     * @return this builder
     */
    public Builder consistency(Consistency consistency) {
      this.consistency = Objects.requireNonNull(consistency, "consistency");
      return this;
    }

    /**
     * Sets the time to live, in whole seconds.
     *
     * @param ttl positive to expire, negative to never expire, {@code null} for none
     * @return this builder
     */
    public Builder ttl(Duration ttl) {
      this.ttl = ttl;
      return this;
    }

    /**
     * Sets the content type hint.
     *
     * @param contentType for example {@code application/json}, or {@code null}
     * @return this builder
     */
    public Builder contentType(String contentType) {
      this.contentType = contentType;
      return this;
    }

    /**
     * Adds one request metadata entry.
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
    public SaveOptions build() {
      return new SaveOptions(this);
    }
  }
}
