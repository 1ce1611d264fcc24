package dev.plumb.api.state;

import java.util.List;
import java.util.Map;

/**
 * One page of query results.
 *
 * @param items the matching items, in the query's sort order
 * @param token the token for the next page, or {@code null} if this is the last
 * @param metadata the store's response metadata; never {@code null}
 * @param <T> the values' type
 */
public record QueryResult<T>(List<StateItem<T>> items, String token, Map<String, String> metadata) {
  /** Copies the components. */
  public QueryResult {
    items = List.copyOf(items);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
