package dev.plumb.api.state.spi;

import dev.plumb.api.UnsupportedFeatureException;
import dev.plumb.api.state.BulkStateException;
import dev.plumb.api.state.QueryResult;
import dev.plumb.api.state.StateFeature;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.StateQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The provider SPI of a state store: Dapr's component contract. It sees raw bytes and stored keys
 * (prefix included); serialization, key prefixes, encryption, resiliency and telemetry are the
 * runtime's. The state conformance kit in {@code plumb-testkit} defines what a correct
 * implementation does.
 *
 * <p>Optional operations throw {@link UnsupportedFeatureException} by default; a component that
 * implements one lists the matching {@link StateFeature}, and one that lists a feature implements
 * it. Errors: {@link dev.plumb.api.state.ETagMismatchException} and {@link
 * dev.plumb.api.state.ETagInvalidException} for concurrency failures, anything else for the backing
 * service's failures (the runtime wraps them in a {@link dev.plumb.api.ComponentException}).
 * Implementations must be thread-safe.
 */
public interface StateComponent extends AutoCloseable {

  /**
   * Returns the component's capabilities.
   *
   * @return an immutable set
   */
  Set<StateFeature> features();

  /**
   * Checks the connection to the backing service.
   *
   * @throws Exception if the service cannot be reached
   */
  default void ping() throws Exception {}

  /**
   * Reads one key.
   *
   * @param request the key and options
   * @return the item (value: the stored bytes; metadata: {@code ttlExpireTime} if the value has a
   *     TTL), or {@code null} if missing or expired
   * @throws Exception if the store fails
   */
  StateItem<byte[]> get(GetRequest request) throws Exception;

  /**
   * Reads several keys. Missing keys are answered with an item whose value and etag are {@code
   * null}. The default calls {@link #get} per key.
   *
   * @param requests the keys
   * @return one item per request, in order
   * @throws Exception if the store fails
   */
  default List<StateItem<byte[]>> bulkGet(List<GetRequest> requests) throws Exception {
    List<StateItem<byte[]>> out = new ArrayList<>(requests.size());
    for (GetRequest r : requests) {
      StateItem<byte[]> item = get(r);
      out.add(item != null ? item : new StateItem<>(r.key(), null, null, Map.of()));
    }
    return out;
  }

  /**
   * Saves one value.
   *
   * @param request the key, bytes and options
   * @throws dev.plumb.api.state.ETagMismatchException if the etag or first-write check fails
   * @throws Exception if the store fails
   */
  void set(SetRequest request) throws Exception;

  /**
   * Deletes one key.
   *
   * @param request the key and options
   * @throws dev.plumb.api.state.ETagMismatchException if the etag does not match
   * @throws Exception if the store fails
   */
  void delete(DeleteRequest request) throws Exception;

  /**
   * Saves several values, not atomically. The default calls {@link #set} per item.
   *
   * @param requests the values
   * @throws BulkStateException listing the failed items
   * @throws Exception if the store fails as a whole
   */
  default void bulkSet(List<SetRequest> requests) throws Exception {
    Map<String, RuntimeException> failures = new LinkedHashMap<>();
    for (SetRequest r : requests) {
      try {
        set(r);
      } catch (RuntimeException e) {
        failures.put(r.key(), e);
      }
    }
    if (!failures.isEmpty()) {
      throw new BulkStateException(failures);
    }
  }

  /**
   * Deletes several keys, not atomically. The default calls {@link #delete} per item.
   *
   * @param requests the keys
   * @throws BulkStateException listing the failed items
   * @throws Exception if the store fails as a whole
   */
  default void bulkDelete(List<DeleteRequest> requests) throws Exception {
    Map<String, RuntimeException> failures = new LinkedHashMap<>();
    for (DeleteRequest r : requests) {
      try {
        delete(r);
      } catch (RuntimeException e) {
        failures.put(r.key(), e);
      }
    }
    if (!failures.isEmpty()) {
      throw new BulkStateException(failures);
    }
  }

  /**
   * Applies mutations in order, all or nothing ({@link StateFeature#TRANSACTIONAL}).
   *
   * @param operations the mutations
   * @param metadata request metadata
   * @throws dev.plumb.api.state.ETagMismatchException if any etag does not match; nothing applied
   * @throws Exception if the store fails; nothing applied
   */
  default void transact(List<StateMutation> operations, Map<String, String> metadata)
      throws Exception {
    throw new UnsupportedFeatureException("this state store does not support transactions");
  }

  /**
   * Returns the most operations one transaction may hold.
   *
   * @return the limit, or 0 for none
   */
  default int maxTransactionOperations() {
    return 0;
  }

  /**
   * Queries JSON values ({@link StateFeature#QUERY_API}).
   *
   * @param query the filter, sort and page
   * @param metadata request metadata
   * @return one page; values are the stored bytes, keys are stored keys
   * @throws Exception if the store fails
   */
  default QueryResult<byte[]> query(StateQuery query, Map<String, String> metadata)
      throws Exception {
    throw new UnsupportedFeatureException("state store does not support querying");
  }

  /**
   * Deletes the direct children of a prefix ({@link StateFeature#DELETE_WITH_PREFIX}): keys that
   * start with {@code prefix||} and hold no further {@code ||}.
   *
   * @param prefix the prefix; {@code ||} is appended if missing
   * @return how many keys were deleted
   * @throws Exception if the store fails
   */
  default long deleteWithPrefix(String prefix) throws Exception {
    throw new UnsupportedFeatureException("this state store does not support delete with prefix");
  }

  /**
   * Lists stored keys matching an SQL LIKE pattern ({@link StateFeature#KEYS_LIKE}): {@code %} any
   * sequence, {@code _} one character, {@code \} escapes the next.
   *
   * @param pattern the pattern; not empty
   * @param pageSize the most keys to return, or {@code null} for all
   * @param continuationToken the previous page's token, or {@code null}
   * @return one page
   * @throws Exception if the store fails
   */
  default KeysPage keysLike(String pattern, Integer pageSize, String continuationToken)
      throws Exception {
    throw new UnsupportedFeatureException("this state store does not support keys like");
  }

  /**
   * Releases connections and background tasks. Called once, when Plumb closes; the default does
   * nothing. Failures are the component's to log: Plumb goes on closing the others.
   */
  @Override
  default void close() {}
}
