package dev.plumb.api.state;

import java.util.List;
import java.util.Objects;

/**
 * A query over a store's JSON values (Dapr's alpha query API): a filter, a sort order and a page.
 * Needs the {@code QUERY_API} feature.
 *
 * @param filter the filter, or {@code null} for every value
 * @param sort the sort keys, applied in order; never {@code null}
 * @param limit the page size, or 0 for no limit
 * @param token the continuation token of the previous page, or {@code null} for the first
 */
public record StateQuery(Filter filter, List<Sort> sort, int limit, String token) {

  /** Validates and copies the components. */
  public StateQuery {
    sort = sort == null ? List.of() : List.copyOf(sort);
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative");
    }
  }

  /**
   * Queries with a filter only.
   *
   * @param filter the filter, or {@code null} for every value
   * @return the query
   */
  public static StateQuery of(Filter filter) {
    return new StateQuery(filter, List.of(), 0, null);
  }

  /**
   * One sort key.
   *
   * @param path dot-separated path into the value
   * @param descending {@code true} for {@code DESC}, {@code false} for {@code ASC} (Dapr's default)
   */
  public record Sort(String path, boolean descending) {
    /** Validates the components. */
    public Sort {
      Objects.requireNonNull(path, "path");
    }
  }
}
