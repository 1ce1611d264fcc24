package dev.plumb.api.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A node of a {@link StateQuery} filter, in Dapr's query language. Paths are dot-separated into the
 * stored JSON value ({@code product.value}); numbers compare numerically whatever their JSON type.
 * Values are {@link String}, {@link Number}, {@link Boolean} or {@code null}.
 */
public sealed interface Filter permits Filter.Comparison, Filter.In, Filter.And, Filter.Or {

  /** Dapr's comparison operators. */
  enum Op {
    /** Equal. */
    EQ,
    /** Not equal. */
    NEQ,
    /** Greater than. */
    GT,
    /** Greater than or equal. */
    GTE,
    /** Less than. */
    LT,
    /** Less than or equal. */
    LTE
  }

  /**
   * Matches values whose field equals {@code value}.
   *
   * @param path dot-separated path into the value
   * @param value the value to compare with
   * @return the filter
   */
  static Filter eq(String path, Object value) {
    return new Comparison(Op.EQ, path, value);
  }

  /**
   * Matches values whose field differs from {@code value}.
   *
   * @param path dot-separated path into the value
   * @param value the value to compare with
   * @return the filter
   */
  static Filter neq(String path, Object value) {
    return new Comparison(Op.NEQ, path, value);
  }

  /**
   * Matches values whose field is greater than {@code value}.
   *
   * @param path dot-separated path into the value
   * @param value the value to compare with
   * @return the filter
   */
  static Filter gt(String path, Object value) {
    return new Comparison(Op.GT, path, value);
  }

  /**
   * Matches values whose field is greater than or equal to {@code value}.
   *
   * @param path dot-separated path into the value
   * @param value the value to compare with
   * @return the filter
   */
  static Filter gte(String path, Object value) {
    return new Comparison(Op.GTE, path, value);
  }

  /**
   * Matches values whose field is less than {@code value}.
   *
   * @param path dot-separated path into the value
   * @param value the value to compare with
   * @return the filter
   */
  static Filter lt(String path, Object value) {
    return new Comparison(Op.LT, path, value);
  }

  /**
   * Matches values whose field is less than or equal to {@code value}.
   *
   * @param path dot-separated path into the value
   * @param value the value to compare with
   * @return the filter
   */
  static Filter lte(String path, Object value) {
    return new Comparison(Op.LTE, path, value);
  }

  /**
   * Matches values whose field equals one of {@code values}.
   *
   * @param path dot-separated path into the value
   * @param values the candidates
   * @return the filter
   */
  static Filter in(String path, List<?> values) {
    return new In(path, values);
  }

  /**
   * Matches values that every filter matches.
   *
   * @param filters at least two filters
   * @return the filter
   */
  static Filter and(Filter... filters) {
    return new And(List.of(filters));
  }

  /**
   * Matches values that any filter matches.
   *
   * @param filters at least two filters
   * @return the filter
   */
  static Filter or(Filter... filters) {
    return new Or(List.of(filters));
  }

  /**
   * A single comparison.
   *
   * @param op the operator
   * @param path dot-separated path into the value
   * @param value the value compared with; may be {@code null}
   */
  record Comparison(Op op, String path, Object value) implements Filter {
    /** Validates the components. */
    public Comparison {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * Membership in a list.
   *
   * @param path dot-separated path into the value
   * @param values the candidates; a {@code null} among them matches a JSON {@code null}, as in
   *     {@link Comparison}
   */
  record In(String path, List<?> values) implements Filter {
    /** Validates and copies the components. */
    public In {
      Objects.requireNonNull(path, "path");
      values = Collections.unmodifiableList(new ArrayList<>(values));
    }
  }

  /**
   * Conjunction of at least two filters.
   *
   * @param filters the operands
   */
  record And(List<Filter> filters) implements Filter {
    /** Validates and copies the components. */
    public And {
      if (filters.size() < 2) {
        throw new IllegalArgumentException("AND filter must contain at least two entries");
      }
      filters = List.copyOf(filters);
    }
  }

  /**
   * Disjunction of at least two filters.
   *
   * @param filters the operands
   */
  record Or(List<Filter> filters) implements Filter {
    /** Validates and copies the components. */
    public Or {
      if (filters.size() < 2) {
        throw new IllegalArgumentException("OR filter must contain at least two entries");
      }
      filters = List.copyOf(filters);
    }
  }
}
