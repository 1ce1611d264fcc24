package dev.plumb.api.pubsub;

/** Optional capabilities of a pub/sub broker, with Dapr's names. */
public enum PubSubFeature {
  /**
   * The broker expires messages itself from the {@code ttl}/{@code ttlInSeconds} metadata; without
   * it the runtime writes the CloudEvent {@code expiration} and drops expired events on delivery.
   */
  MESSAGE_TTL,
  /** Topics of a subscription may contain the broker's wildcards. */
  SUBSCRIBE_WILDCARDS,
  /**
   * The component publishes a batch natively; without it the runtime publishes entry by entry.
   * Dapr's name for bulk publishing.
   */
  BULK_PUBSUB
}
