package dev.plumb.runtime.internal.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.state.ETag;
import dev.plumb.api.state.Filter;
import dev.plumb.api.state.QueryResult;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.StateQuery;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Evaluates Dapr's query language over JSON values held in memory. A path that does not exist in a
 * value makes every comparison on it false (as SQL's NULL does). Numbers compare numerically
 * whatever their JSON or Java type; values of different types are never equal nor ordered. Results
 * are ordered by the sort keys (missing values last, first when descending), then by key; pages are
 * offsets into that order.
 */
final class InMemoryStateQuery {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A stored JSON value that a query may return. */
  record Candidate(String key, byte[] value, ETag etag, JsonNode doc) {}

  private InMemoryStateQuery() {}

  /**
   * Parses a stored value.
   *
   * @return the candidate, or {@code null} if the value is not JSON
   */
  static Candidate candidate(String key, byte[] value, ETag etag) {
    try {
      JsonNode doc = MAPPER.readTree(value);
      return doc == null || doc.isMissingNode() ? null : new Candidate(key, value, etag, doc);
    } catch (IOException e) {
      return null;
    }
  }

  static QueryResult<byte[]> run(StateQuery query, List<Candidate> candidates) {
    List<Candidate> matching = new ArrayList<>();
    for (Candidate c : candidates) {
      if (query.filter() == null || matches(query.filter(), c.doc())) {
        matching.add(c);
      }
    }
    matching.sort(comparator(query.sort()));
    int start = offset(query.token());
    int end =
        query.limit() > 0 ? Math.min(matching.size(), start + query.limit()) : matching.size();
    List<StateItem<byte[]>> page = new ArrayList<>();
    for (int i = start; i < end; i++) {
      Candidate c = matching.get(i);
      page.add(new StateItem<>(c.key(), c.value().clone(), c.etag(), Map.of()));
    }
    String token = end < matching.size() ? Integer.toString(end) : null;
    return new QueryResult<>(page, token, Map.of());
  }

  private static int offset(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      int offset = Integer.parseInt(token);
      if (offset < 0) {
        throw new NumberFormatException(token);
      }
      return offset;
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("invalid query page token '" + token + "'");
    }
  }

  static boolean matches(Filter filter, JsonNode doc) {
    if (filter instanceof Filter.And and) {
      return and.filters().stream().allMatch(f -> matches(f, doc));
    }
    if (filter instanceof Filter.Or or) {
      return or.filters().stream().anyMatch(f -> matches(f, doc));
    }
    if (filter instanceof Filter.In in) {
      JsonNode n = at(doc, in.path());
      return n != null && in.values().stream().anyMatch(v -> equal(n, v));
    }
    Filter.Comparison c = (Filter.Comparison) filter;
    JsonNode n = at(doc, c.path());
    if (n == null) {
      return false;
    }
    switch (c.op()) {
      case EQ:
        return equal(n, c.value());
      case NEQ:
        return !equal(n, c.value());
      default:
        Integer cmp = compare(n, c.value());
        if (cmp == null) {
          return false;
        }
        switch (c.op()) {
          case GT:
            return cmp > 0;
          case GTE:
            return cmp >= 0;
          case LT:
            return cmp < 0;
          default:
            return cmp <= 0;
        }
    }
  }

  /** Follows a dot path; {@code null} if any step is missing. */
  private static JsonNode at(JsonNode doc, String path) {
    JsonNode n = doc;
    for (String part : path.split("\\.", -1)) {
      if (n == null || !n.isObject()) {
        return null;
      }
      n = n.get(part);
    }
    return n;
  }

  private static boolean equal(JsonNode n, Object v) {
    if (v == null) {
      return n.isNull();
    }
    if (v instanceof Boolean b) {
      return n.isBoolean() && n.booleanValue() == b;
    }
    if (v instanceof String s) {
      return n.isTextual() && n.textValue().equals(s);
    }
    Integer cmp = compare(n, v);
    return cmp != null && cmp == 0;
  }

  private static Integer compare(JsonNode n, Object v) {
    if (v instanceof Number num && n.isNumber()) {
      BigDecimal b = decimal(num);
      return b == null ? null : n.decimalValue().compareTo(b);
    }
    if (v instanceof String s && n.isTextual()) {
      return n.textValue().compareTo(s);
    }
    return null;
  }

  private static BigDecimal decimal(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      return Double.isFinite(d) ? new BigDecimal(Double.toString(d)) : null;
    }
    return BigDecimal.valueOf(n.longValue());
  }

  private static Comparator<Candidate> comparator(List<StateQuery.Sort> sorts) {
    Comparator<Candidate> cmp = (a, b) -> 0;
    for (StateQuery.Sort s : sorts) {
      Comparator<Candidate> one =
          (a, b) -> compareNodes(at(a.doc(), s.path()), at(b.doc(), s.path()));
      cmp = cmp.thenComparing(s.descending() ? one.reversed() : one);
    }
    return cmp.thenComparing(Candidate::key);
  }

  /** A total order: booleans, numbers, strings, other JSON, then null and missing values last. */
  private static int compareNodes(JsonNode a, JsonNode b) {
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    switch (ra) {
      case 0:
        return Boolean.compare(a.booleanValue(), b.booleanValue());
      case 1:
        return a.decimalValue().compareTo(b.decimalValue());
      case 2:
        return a.textValue().compareTo(b.textValue());
      case 3:
        return a.toString().compareTo(b.toString());
      default:
        return 0;
    }
  }

  private static int rank(JsonNode n) {
    if (n == null || n.isNull()) {
      return 4;
    }
    if (n.isBoolean()) {
      return 0;
    }
    if (n.isNumber()) {
      return 1;
    }
    return n.isTextual() ? 2 : 3;
  }
}
