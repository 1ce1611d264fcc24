package dev.plumb.api.state;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The asynchronous twin of {@link StateStore}: the same calls, returning stages that complete when
 * the store answers, or exceptionally with the exception the blocking call would throw. Stages
 * complete on a runtime thread; do not block in their callbacks. Thread-safe.
 */
public interface AsyncStateStore {

  /**
   * Reads a value; see {@link StateStore#get(String, Class, GetOptions)}.
   *
   * @param key the key
   * @param type the value's type
   * @param options consistency and metadata
   * @param <T> the value's type
   * @return the item, or {@code null} if missing
   */
  <T> CompletionStage<StateItem<T>> get(String key, Class<T> type, GetOptions options);

  /**
   * Reads a value; see {@link StateStore#get(String, Class)}.
   *
   * @param key the key
   * @param type the value's type
   * @param <T> the value's type
   * @return the item, or {@code null} if missing
   */
  <T> CompletionStage<StateItem<T>> get(String key, Class<T> type);

  /**
   * Reads several values; see {@link StateStore#getBulk(List, Class)}.
   *
   * @param keys the keys
   * @param type the values' type
   * @param <T> the values' type
   * @return one item per key, in request order
   */
  <T> CompletionStage<List<StateItem<T>>> getBulk(List<String> keys, Class<T> type);

  /**
   * Saves a value; see {@link StateStore#save(String, Object, SaveOptions)}.
   *
   * @param key the key
   * @param value the value
   * @param options etag, concurrency, TTL and metadata
   * @return completes when saved
   */
  CompletionStage<Void> save(String key, Object value, SaveOptions options);

  /**
   * Saves a value; see {@link StateStore#save(String, Object)}.
   *
   * @param key the key
   * @param value the value
   * @return completes when saved
   */
  CompletionStage<Void> save(String key, Object value);

  /**
   * Saves several values; see {@link StateStore#saveBulk(List)}.
   *
   * @param items the values
   * @return completes when all were attempted
   */
  CompletionStage<Void> saveBulk(List<StateOperation.Upsert> items);

  /**
   * Deletes a key; see {@link StateStore#delete(String, DeleteOptions)}.
   *
   * @param key the key
   * @param options etag and metadata
   * @return completes when deleted
   */
  CompletionStage<Void> delete(String key, DeleteOptions options);

  /**
   * Deletes a key; see {@link StateStore#delete(String)}.
   *
   * @param key the key
   * @return completes when deleted
   */
  CompletionStage<Void> delete(String key);

  /**
   * Deletes several keys; see {@link StateStore#deleteBulk(List)}.
   *
   * @param items the keys
   * @return completes when all were attempted
   */
  CompletionStage<Void> deleteBulk(List<StateOperation.Delete> items);

  /**
   * Applies a transaction; see {@link StateStore#transact(List, Map)}.
   *
   * @param operations the operations
   * @param metadata request metadata
   * @return completes when applied
   */
  CompletionStage<Void> transact(
      List<? extends StateOperation> operations, Map<String, String> metadata);

  /**
   * Queries the store; see {@link StateStore#query(StateQuery, Class)}.
   *
   * @param query the query
   * @param type the values' type
   * @param <T> the values' type
   * @return one page of results
   */
  <T> CompletionStage<QueryResult<T>> query(StateQuery query, Class<T> type);
}
