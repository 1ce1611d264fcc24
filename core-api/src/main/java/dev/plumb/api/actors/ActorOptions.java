package dev.plumb.api.actors;

import java.time.Duration;
import java.util.Objects;

/**
 * Dapr's actor configuration, for every actor type ({@code Plumb.Builder#actorOptions}) or for one
 * ({@link ActorType.Builder#options}), where it overrides the defaults field by field as Dapr's
 * {@code entitiesConfig} does. A field left unset takes the defaults' value, or Dapr's default:
 *
 * <ul>
 *   <li>{@code actorIdleTimeout}: 60 minutes without a call, timer or reminder deactivates an
 *       actor;
 *   <li>{@code drainOngoingCallTimeout}: 60 seconds at most to let turns in flight finish when
 *       {@code Plumb} closes (also bounded by its shutdown grace period);
 *   <li>{@code reentrancy}: off; on, a call chain may re-enter an actor it holds, at most {@code
 *       maxStackDepth} (32) times;
 *   <li>{@code remindersStoragePartitions}: 0, one partition per type. Reminders are spread over
 *       this many partitions (at least one), each scanned separately. Fix it before storing
 *       reminders: a reminder stays in the partition it was stored in.
 * </ul>
 *
 * <p>Immutable; build with {@link #builder()}.
 */
public final class ActorOptions {
  /** No field set: every value comes from the defaults. */
  public static final ActorOptions DEFAULTS = builder().build();

  private final Duration idleTimeout;
  private final Duration drainOngoingCallTimeout;
  private final Boolean reentrancy;
  private final Integer maxStackDepth;
  private final Integer remindersStoragePartitions;

  private ActorOptions(Builder b) {
    this.idleTimeout = b.idleTimeout;
    this.drainOngoingCallTimeout = b.drainOngoingCallTimeout;
    this.reentrancy = b.reentrancy;
    this.maxStackDepth = b.maxStackDepth;
    this.remindersStoragePartitions = b.remindersStoragePartitions;
  }

  /**
   * Starts a builder with no field set.
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
    b.idleTimeout = idleTimeout;
    b.drainOngoingCallTimeout = drainOngoingCallTimeout;
    b.reentrancy = reentrancy;
    b.maxStackDepth = maxStackDepth;
    b.remindersStoragePartitions = remindersStoragePartitions;
    return b;
  }

  /**
   * Returns these options with every unset field taken from {@code defaults}.
   *
   * @param defaults the options beneath these
   * @return the merged options
   */
  public ActorOptions withDefaults(ActorOptions defaults) {
    Builder b = defaults.toBuilder();
    if (idleTimeout != null) {
      b.idleTimeout = idleTimeout;
    }
    if (drainOngoingCallTimeout != null) {
      b.drainOngoingCallTimeout = drainOngoingCallTimeout;
    }
    if (reentrancy != null) {
      b.reentrancy = reentrancy;
    }
    if (maxStackDepth != null) {
      b.maxStackDepth = maxStackDepth;
    }
    if (remindersStoragePartitions != null) {
      b.remindersStoragePartitions = remindersStoragePartitions;
    }
    return b.build();
  }

  /**
   * Returns Dapr's {@code actorIdleTimeout}.
   *
   * @return the timeout, or {@code null} if unset
   */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /**
   * Returns Dapr's {@code drainOngoingCallTimeout}.
   *
   * @return the timeout, or {@code null} if unset
   */
  public Duration drainOngoingCallTimeout() {
    return drainOngoingCallTimeout;
  }

  /**
   * Returns Dapr's {@code reentrancy.enabled}.
   *
   * @return whether reentrancy is on, or {@code null} if unset
   */
  public Boolean reentrancy() {
    return reentrancy;
  }

  /**
   * Returns Dapr's {@code reentrancy.maxStackDepth}.
   *
   * @return the depth, or {@code null} if unset
   */
  public Integer maxStackDepth() {
    return maxStackDepth;
  }

  /**
   * Returns Dapr's {@code remindersStoragePartitions}.
   *
   * @return the count, or {@code null} if unset
   */
  public Integer remindersStoragePartitions() {
    return remindersStoragePartitions;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ActorOptions)) {
      return false;
    }
    ActorOptions other = (ActorOptions) o;
    return Objects.equals(idleTimeout, other.idleTimeout)
        && Objects.equals(drainOngoingCallTimeout, other.drainOngoingCallTimeout)
        && Objects.equals(reentrancy, other.reentrancy)
        && Objects.equals(maxStackDepth, other.maxStackDepth)
        && Objects.equals(remindersStoragePartitions, other.remindersStoragePartitions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        idleTimeout,
        drainOngoingCallTimeout,
        reentrancy,
        maxStackDepth,
        remindersStoragePartitions);
  }

  @Override
  public String toString() {
    return "ActorOptions[actorIdleTimeout="
        + idleTimeout
        + ", drainOngoingCallTimeout="
        + drainOngoingCallTimeout
        + ", reentrancy="
        + reentrancy
        + ", maxStackDepth="
        + maxStackDepth
        + ", remindersStoragePartitions="
        + remindersStoragePartitions
        + "]";
  }

  /** Builds {@link ActorOptions}. Not thread-safe. */
  public static final class Builder {
    private Duration idleTimeout;
    private Duration drainOngoingCallTimeout;
    private Boolean reentrancy;
    private Integer maxStackDepth;
    private Integer remindersStoragePartitions;

    private Builder() {}

    /**
     * Sets how long an actor may go without a call, timer or reminder before it is deactivated.
     *
     * @param idleTimeout positive
     * @return this builder
     * @throws ActorConfigurationException if not positive
     */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = positive("actorIdleTimeout", idleTimeout);
      return this;
    }

    /**
     * Sets how long closing {@code Plumb} waits for turns in flight.
     *
     * @param timeout zero or positive
     * @return this builder
     * @throws ActorConfigurationException if negative
     */
    public Builder drainOngoingCallTimeout(Duration timeout) {
      if (Objects.requireNonNull(timeout, "drainOngoingCallTimeout").isNegative()) {
        throw new ActorConfigurationException(
            "drainOngoingCallTimeout must not be negative: " + timeout);
      }
      this.drainOngoingCallTimeout = timeout;
      return this;
    }

    /**
     * Turns reentrancy on or off.
     *
     * @param enabled whether a call chain may re-enter an actor it holds
     * @return this builder
     */
    public Builder reentrancy(boolean enabled) {
      this.reentrancy = enabled;
      return this;
    }

    /**
     * Sets how many times one call chain may enter one actor when reentrancy is on.
     *
     * @param maxStackDepth at least 1
     * @return this builder
     * @throws ActorConfigurationException if less than 1
     */
    public Builder maxStackDepth(int maxStackDepth) {
      if (maxStackDepth < 1) {
        throw new ActorConfigurationException(
            "reentrancy maxStackDepth must be at least 1: " + maxStackDepth);
      }
      this.maxStackDepth = maxStackDepth;
      return this;
    }

    /**
     * Sets over how many partitions a type's reminders are spread.
     *
     * @param partitions zero (one partition) or more
     * @return this builder
     * @throws ActorConfigurationException if negative
     */
    public Builder remindersStoragePartitions(int partitions) {
      if (partitions < 0) {
        throw new ActorConfigurationException(
            "remindersStoragePartitions must not be negative: " + partitions);
      }
      this.remindersStoragePartitions = partitions;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public ActorOptions build() {
      return new ActorOptions(this);
    }

    private static Duration positive(String field, Duration d) {
      if (Objects.requireNonNull(d, field).isNegative() || d.isZero()) {
        throw new ActorConfigurationException(field + " must be positive: " + d);
      }
      return d;
    }
  }
}
