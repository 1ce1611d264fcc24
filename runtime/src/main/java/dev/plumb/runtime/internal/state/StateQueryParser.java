package dev.plumb.runtime.internal.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.state.Filter;
import dev.plumb.api.state.StateQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses Dapr's JSON query language ({@code {"filter": ..., "sort": [...], "page": {...}}}) into a
 * {@link StateQuery}, with Dapr's error messages. An omitted or empty filter selects everything.
 * Every problem is an {@link InvalidRequestException}; the parsed query is then checked by {@link
 * StateQueries#check}. Thread-safe.
 */
final class StateQueryParser {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private StateQueryParser() {}

  /**
   * Parses a query document.
   *
   * @param json the document
   * @return the query
   * @throws InvalidRequestException if the document is malformed
   */
  static StateQuery parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json == null ? "" : json);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("the query is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidRequestException("the query must be a JSON object");
    }
    JsonNode f = root.get("filter");
    Filter filter = f == null || f.isNull() || (f.isObject() && f.isEmpty()) ? null : filter(f, 1);
    return new StateQuery(filter, sort(root.get("sort")), limit(root.get("page")), token(root));
  }

  private static Filter filter(JsonNode n, int depth) {
    if (depth > StateQueries.MAX_DEPTH) {
      throw new InvalidRequestException(
          "the query filter nests more than " + StateQueries.MAX_DEPTH + " levels deep");
    }
    if (!n.isObject()) {
      throw new InvalidRequestException("filter unit must be a map");
    }
    if (n.size() != 1) {
      throw new InvalidRequestException("filter unit must have a single element");
    }
    Map.Entry<String, JsonNode> e = n.fields().next();
    String op = e.getKey();
    JsonNode v = e.getValue();
    switch (op) {
      case "EQ":
      case "NEQ":
      case "GT":
      case "GTE":
      case "LT":
      case "LTE":
        {
          Map.Entry<String, JsonNode> pair = pair(op, v);
          return new Filter.Comparison(
              Filter.Op.valueOf(op), pair.getKey(), scalar(pair.getValue()));
        }
      case "IN":
        {
          Map.Entry<String, JsonNode> pair = pair(op, v);
          if (!pair.getValue().isArray()) {
            throw new InvalidRequestException("IN filter value must be an array");
          }
          List<Object> values = new ArrayList<>();
          pair.getValue().forEach(x -> values.add(scalar(x)));
          return Filter.in(pair.getKey(), values);
        }
      case "AND":
      case "OR":
        {
          if (!v.isArray()) {
            throw new InvalidRequestException(op + " filter must be an array");
          }
          if (v.size() < 2) {
            throw new InvalidRequestException(op + " filter must contain at least two entries");
          }
          List<Filter> children = new ArrayList<>();
          v.forEach(x -> children.add(filter(x, depth + 1)));
          return op.equals("AND") ? new Filter.And(children) : new Filter.Or(children);
        }
      default:
        throw new InvalidRequestException("unsupported filter \"" + op + "\"");
    }
  }

  private static Map.Entry<String, JsonNode> pair(String op, JsonNode v) {
    if (!v.isObject()) {
      throw new InvalidRequestException(op + " filter must be a map");
    }
    if (v.size() != 1) {
      throw new InvalidRequestException(op + " filter must contain a single key/value pair");
    }
    return v.fields().next();
  }

  private static Object scalar(JsonNode n) {
    if (n.isNull()) {
      return null;
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isNumber()) {
      return n.numberValue();
    }
    throw new InvalidRequestException(
        "filter values must be strings, numbers, booleans or null, got a "
            + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
  }

  private static List<StateQuery.Sort> sort(JsonNode n) {
    List<StateQuery.Sort> sorts = new ArrayList<>();
    if (n == null || n.isNull()) {
      return sorts;
    }
    if (!n.isArray()) {
      throw new InvalidRequestException("query sort must be an array");
    }
    for (JsonNode s : n) {
      JsonNode key = s.get("key");
      if (key == null || !key.isTextual() || key.textValue().isEmpty()) {
        throw new InvalidRequestException("query sort entries need a key");
      }
      JsonNode order = s.get("order");
      String o = order == null || order.isNull() ? "ASC" : order.asText();
      if (!o.equals("ASC") && !o.equals("DESC")) {
        throw new InvalidRequestException(
            "query sort order must be ASC or DESC, got '" + StateQueries.abbreviate(o) + "'");
      }
      sorts.add(new StateQuery.Sort(key.textValue(), o.equals("DESC")));
    }
    return sorts;
  }

  private static int limit(JsonNode page) {
    if (page == null || page.isNull()) {
      return 0;
    }
    if (!page.isObject()) {
      throw new InvalidRequestException("query page must be an object");
    }
    JsonNode limit = page.get("limit");
    if (limit == null || limit.isNull()) {
      return 0;
    }
    if (!limit.canConvertToInt() || !limit.isIntegralNumber() || limit.intValue() < 0) {
      throw new InvalidRequestException("query page limit must be a non-negative integer");
    }
    return limit.intValue();
  }

  private static String token(JsonNode root) {
    JsonNode page = root.get("page");
    JsonNode token = page == null ? null : page.get("token");
    if (token == null || token.isNull() || token.asText().isEmpty()) {
      return null;
    }
    if (!token.isValueNode()) {
      throw new InvalidRequestException("query page token must be a string");
    }
    return token.asText();
  }
}
