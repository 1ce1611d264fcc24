package dev.plumb.runtime.internal.state;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.state.Filter;
import dev.plumb.api.state.StateQuery;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The checks every query passes before it reaches a store, whether parsed from JSON or built in
 * code: paths are not empty, {@code IN} lists are not (Dapr's stores refuse them), filters nest at
 * most {@value #MAX_DEPTH} levels, and values are strings, booleans, {@code null} or numbers a
 * 64-bit float can hold, as Dapr (which decodes query numbers as Go {@code float64}) accepts them.
 */
final class StateQueries {
  /** How deep filters may nest; far beyond what a hand-written query needs. */
  static final int MAX_DEPTH = 100;

  private StateQueries() {}

  /**
   * Checks a query.
   *
   * @param query the query
   * @throws InvalidRequestException naming what is wrong
   */
  static void check(StateQuery query) {
    if (query.filter() != null) {
      check(query.filter(), 1);
    }
    for (StateQuery.Sort s : query.sort()) {
      path(s.path(), "sort key");
    }
  }

  private static void check(Filter f, int depth) {
    if (depth > MAX_DEPTH) {
      throw new InvalidRequestException(
          "the query filter nests more than " + MAX_DEPTH + " levels deep");
    }
    if (f instanceof Filter.And and) {
      and.filters().forEach(c -> check(c, depth + 1));
    } else if (f instanceof Filter.Or or) {
      or.filters().forEach(c -> check(c, depth + 1));
    } else if (f instanceof Filter.In in) {
      path(in.path(), "IN filter");
      if (in.values().isEmpty()) {
        throw new InvalidRequestException(
            "empty IN operator for key '" + abbreviate(in.path()) + "'");
      }
      in.values().forEach(v -> value(v, in.path()));
    } else {
      Filter.Comparison c = (Filter.Comparison) f;
      path(c.path(), c.op() + " filter");
      value(c.value(), c.path());
    }
  }

  private static void path(String path, String where) {
    if (path.isEmpty()) {
      throw new InvalidRequestException("the path of a query " + where + " is empty");
    }
  }

  private static void value(Object v, String path) {
    if (v == null || v instanceof String || v instanceof Boolean) {
      return;
    }
    if (v instanceof Number n) {
      if (!Double.isFinite(n.doubleValue())) {
        throw new InvalidRequestException(
            "query value "
                + abbreviate(n.toString())
                + " of '"
                + abbreviate(path)
                + "' is out of range: numbers must fit a 64-bit float, as in Dapr");
      }
      if (!(n instanceof Integer
          || n instanceof Long
          || n instanceof Short
          || n instanceof Byte
          || n instanceof Double
          || n instanceof Float
          || n instanceof BigDecimal
          || n instanceof BigInteger)) {
        throw new InvalidRequestException(
            "query value of '" + abbreviate(path) + "' is a " + v.getClass().getName());
      }
      return;
    }
    throw new InvalidRequestException(
        "query values must be strings, numbers, booleans or null; '"
            + abbreviate(path)
            + "' has a "
            + v.getClass().getName());
  }

  /** Request text in a message, cut short. */
  static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }
}
