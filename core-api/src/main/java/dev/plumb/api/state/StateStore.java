package dev.plumb.api.state;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A key/value state store component, as the application sees it. Values are serialized with the
 * runtime's {@link dev.plumb.api.Serializer} (JSON by default); {@code byte[]} values are stored as
 * they are. Keys are prefixed by the component's {@code keyPrefix} strategy ({@code appid||key} by
 * default), so they must not contain {@code ||}.
 *
 * <p>Thread-safe. Every method blocks until the store answers; {@link #async()} offers the same
 * calls returning {@link java.util.concurrent.CompletionStage}s. Failures of the backing service
 * are thrown as {@link dev.plumb.api.ComponentException}; bad keys or options as {@link
 * dev.plumb.api.InvalidRequestException}.
 */
public interface StateStore {

  /**
   * Returns the component's name.
   *
   * @return {@code metadata.name}
   */
  String name();

  /**
   * Returns the store's optional capabilities.
   *
   * @return an immutable set
   */
  Set<StateFeature> features();

  /**
   * Reads a value.
   *
   * @param key the key
   * @param type the value's type; {@code byte[].class} returns the stored bytes
   * @param <T> the value's type
   * @return the item with its etag, or {@code null} if the key does not exist or has expired
   */
  <T> StateItem<T> get(String key, Class<T> type);

  /**
   * Reads a value with options.
   *
   * @param key the key
   * @param type the value's type
   * @param options consistency and metadata
   * @param <T> the value's type
   * @return the item with its etag, or {@code null} if the key does not exist or has expired
   */
  <T> StateItem<T> get(String key, Class<T> type, GetOptions options);

  /**
   * Reads several values. Missing keys are answered with an item whose value and etag are {@code
   * null}.
   *
   * @param keys the keys
   * @param type the values' type
   * @param <T> the values' type
   * @return one item per key, in request order
   */
  <T> List<StateItem<T>> getBulk(List<String> keys, Class<T> type);

  /**
   * Saves a value, last write wins.
   *
   * @param key the key
   * @param value the value; may be {@code null}
   */
  void save(String key, Object value);

  /**
   * Saves a value with options.
   *
   * @param key the key
   * @param value the value; may be {@code null}
   * @param options etag, concurrency, TTL and metadata
   * @throws ETagMismatchException if the etag does not match or a first-write finds the key
   * @throws ETagInvalidException if the etag is malformed for this store
   */
  void save(String key, Object value, SaveOptions options);

  /**
   * Saves several values. Not atomic: items are applied one by one and failures are collected.
   *
   * @param items the values to save
   * @throws BulkStateException listing the failed items; all others were saved
   */
  void saveBulk(List<StateOperation.Upsert> items);

  /**
   * Deletes a key. Deleting a missing key succeeds.
   *
   * @param key the key
   */
  void delete(String key);

  /**
   * Deletes a key with options.
   *
   * @param key the key
   * @param options etag and metadata
   * @throws ETagMismatchException if the etag does not match
   * @throws ETagInvalidException if the etag is malformed for this store
   */
  void delete(String key, DeleteOptions options);

  /**
   * Deletes several keys. Not atomic: failures are collected.
   *
   * @param items the keys to delete
   * @throws BulkStateException listing the failed items; all others were deleted
   */
  void deleteBulk(List<StateOperation.Delete> items);

  /**
   * Applies operations in order, all or nothing. Needs the {@code TRANSACTIONAL} feature.
   *
   * @param operations the operations
   * @throws ETagMismatchException if any etag does not match; nothing was applied
   * @throws dev.plumb.api.UnsupportedFeatureException if the store is not transactional
   */
  void transact(List<? extends StateOperation> operations);

  /**
   * Applies operations in order, all or nothing, with request metadata.
   *
   * @param operations the operations
   * @param metadata request metadata, such as {@code partitionKey}
   * @throws ETagMismatchException if any etag does not match; nothing was applied
   * @throws dev.plumb.api.UnsupportedFeatureException if the store is not transactional
   */
  void transact(List<? extends StateOperation> operations, Map<String, String> metadata);

  /**
   * Queries the store's JSON values. Needs the {@code QUERY_API} feature.
   *
   * @param query the filter, sort and page
   * @param type the values' type
   * @param <T> the values' type
   * @return one page of results
   * @throws dev.plumb.api.UnsupportedFeatureException if the store cannot query
   */
  <T> QueryResult<T> query(StateQuery query, Class<T> type);

  /**
   * Queries the store with a query written in Dapr's JSON query language ({@code {"filter": ...,
   * "sort": [...], "page": {...}}}).
   *
   * @param jsonQuery the query document
   * @param type the values' type
   * @param <T> the values' type
   * @return one page of results
   * @throws dev.plumb.api.InvalidRequestException if the query is malformed
   * @throws dev.plumb.api.UnsupportedFeatureException if the store cannot query
   */
  <T> QueryResult<T> query(String jsonQuery, Class<T> type);

  /**
   * Returns the asynchronous view of this store.
   *
   * @return a view sharing this store's component
   */
  AsyncStateStore async();
}
