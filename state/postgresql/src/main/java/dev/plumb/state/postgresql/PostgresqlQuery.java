package dev.plumb.state.postgresql;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.state.Filter;
import dev.plumb.api.state.StateQuery;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates a {@link StateQuery} into SQL over the v1 {@code jsonb} column. Comparisons use {@code
 * jsonb} semantics: numbers compare numerically whatever their JSON spelling ({@code 12} vs {@code
 * 11.1}); range operators only match values of the same JSON type. Rows holding binary values are
 * never returned. Results are ordered by the sort keys, then by insertion order ({@code row_id}).
 */
final class PostgresqlQuery {
  private final StringBuilder sql = new StringBuilder();
  private final List<Object> params = new ArrayList<>();
  private long offset;

  private PostgresqlQuery() {}

  /** A path parameter, bound as {@code text[]}. */
  private record Path(String[] parts) {}

  static PostgresqlQuery build(String table, StateQuery query) {
    PostgresqlQuery q = new PostgresqlQuery();
    q.sql.append("SELECT key, value::text, isbinary, xmin::text, expiredate FROM ").append(table);
    q.sql.append(" WHERE (expiredate IS NULL OR expiredate >= CURRENT_TIMESTAMP)");
    q.sql.append(" AND isbinary = false");
    if (query.filter() != null) {
      q.sql.append(" AND ");
      q.filter(query.filter());
    }
    q.sql.append(" ORDER BY ");
    for (StateQuery.Sort s : query.sort()) {
      q.sql.append("value #> ?::text[]").append(s.descending() ? " DESC" : " ASC").append(", ");
      q.params.add(path(s.path()));
    }
    q.sql.append("row_id");
    if (query.limit() > 0) {
      q.sql.append(" LIMIT ").append(query.limit());
    }
    if (query.token() != null && !query.token().isEmpty()) {
      try {
        q.offset = Long.parseLong(query.token());
      } catch (NumberFormatException e) {
        throw new InvalidRequestException("invalid query token '" + query.token() + "'");
      }
      if (q.offset < 0) {
        throw new InvalidRequestException("invalid query token '" + query.token() + "'");
      }
      q.sql.append(" OFFSET ").append(q.offset);
    }
    return q;
  }

  private static Path path(String dotted) {
    if (dotted.isEmpty()) {
      throw new InvalidRequestException("query path must not be empty");
    }
    return new Path(dotted.split("\\.", -1));
  }

  private void filter(Filter f) {
    if (f instanceof Filter.And a) {
      join(a.filters(), " AND ");
    } else if (f instanceof Filter.Or o) {
      join(o.filters(), " OR ");
    } else if (f instanceof Filter.In in) {
      if (in.values().isEmpty()) {
        throw new InvalidRequestException("empty IN operator for key '" + in.path() + "'");
      }
      sql.append("value #> ?::text[] IN (");
      params.add(path(in.path()));
      for (int i = 0; i < in.values().size(); i++) {
        sql.append(i > 0 ? ", " : "").append("?::jsonb");
        params.add(JsonText.literal(in.values().get(i)));
      }
      sql.append(')');
    } else {
      Filter.Comparison c = (Filter.Comparison) f;
      Path p = path(c.path());
      String v = JsonText.literal(c.value());
      switch (c.op()) {
        case EQ -> compare(p, "=", v);
        case NEQ -> compare(p, "<>", v);
        case GT -> range(p, ">", v);
        case GTE -> range(p, ">=", v);
        case LT -> range(p, "<", v);
        case LTE -> range(p, "<=", v);
      }
    }
  }

  private void join(List<Filter> filters, String op) {
    sql.append('(');
    for (int i = 0; i < filters.size(); i++) {
      if (i > 0) {
        sql.append(op);
      }
      filter(filters.get(i));
    }
    sql.append(')');
  }

  private void compare(Path p, String op, String v) {
    sql.append("value #> ?::text[] ").append(op).append(" ?::jsonb");
    params.add(p);
    params.add(v);
  }

  private void range(Path p, String op, String v) {
    sql.append("(jsonb_typeof(value #> ?::text[]) = jsonb_typeof(?::jsonb) AND ");
    params.add(p);
    params.add(v);
    compare(p, op, v);
    sql.append(')');
  }

  String sql() {
    return sql.toString();
  }

  long offset() {
    return offset;
  }

  void bind(PreparedStatement ps) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      Object p = params.get(i);
      if (p instanceof Path path) {
        ps.setArray(i + 1, ps.getConnection().createArrayOf("text", path.parts()));
      } else {
        ps.setString(i + 1, (String) p);
      }
    }
  }
}
