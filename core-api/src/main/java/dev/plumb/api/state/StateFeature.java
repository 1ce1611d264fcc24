package dev.plumb.api.state;

/** Optional capabilities of a state store, with Dapr's names. */
public enum StateFeature {
  /** Returns etags and honours them on writes and deletes. */
  ETAG,
  /** Applies a list of operations all or nothing. */
  TRANSACTIONAL,
  /** Answers {@link StateQuery}s. */
  QUERY_API,
  /** Expires values after {@code ttlInSeconds}. */
  TTL,
  /** Deletes the direct children of a key prefix. */
  DELETE_WITH_PREFIX,
  /** Honours the {@code partitionKey} request metadata. */
  PARTITION_KEY,
  /** Lists keys matching an SQL LIKE pattern. */
  KEYS_LIKE
}
