package dev.plumb.bindings.postgresql;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.UnsupportedFeatureException;
import dev.plumb.api.bindings.BindingResponse;
import dev.plumb.api.bindings.spi.InvokeRequest;
import dev.plumb.api.bindings.spi.OutputBindingComponent;
import dev.plumb.api.spi.DaprValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Dapr's PostgreSQL binding operations, each on a pooled connection in auto-commit:
 *
 * <ul>
 *   <li>{@code exec} runs {@code sql} and answers metadata only, with {@code rows-affected};
 *   <li>{@code query} runs {@code sql} and answers its rows as a JSON array of row arrays, no
 *       column names, as pgx's {@code Values()} marshal: numbers as numbers, timestamps as RFC 3339
 *       in UTC, {@code bytea} as base64, {@code json} and {@code jsonb} as JSON, arrays as arrays,
 *       anything else (uuid, interval, inet) as text;
 *   <li>{@code close} closes the pool: later operations fail, as in Dapr.
 * </ul>
 *
 * <p>{@code params} is a JSON array bound to {@code $1}, {@code $2}, ... in order; strings are sent
 * untyped, so the server casts them to the column's type as pgx does. Every answer carries Dapr's
 * metadata {@code operation}, {@code sql}, {@code start-time}, {@code end-time} and {@code
 * duration}. Thread-safe.
 */
final class PostgresqlBindingComponent implements OutputBindingComponent {
  private static final Set<String> OPERATIONS = Set.of("exec", "query", "close");
  // Decimals keep their digits: 12.50 is bound as 12.50, never as the double nearest to it.
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private static final int MAX_CACHED_STATEMENTS = 256;

  private final HikariDataSource pool;
  private final Clock clock;
  private final Map<String, PositionalSql> statements = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  PostgresqlBindingComponent(HikariDataSource pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  @Override
  public Set<String> operations() {
    return OPERATIONS;
  }

  @Override
  public void ping() throws SQLException {
    try (Connection c = pool.getConnection()) {
      if (!c.isValid(5)) {
        throw new SQLException("the connection is not valid");
      }
    }
  }

  @Override
  public BindingResponse invoke(InvokeRequest request) throws SQLException, IOException {
    String op = request.operation();
    if (!OPERATIONS.contains(op)) {
      throw new UnsupportedFeatureException("operation '" + op + "' is not supported");
    }
    if (op.equals("close")) {
      close();
      return BindingResponse.EMPTY;
    }
    if (closed.get()) {
      throw new SQLException("the binding was closed by a 'close' operation");
    }
    String sql = request.requireMetadata("sql");
    JsonNode params = params(request);
    PositionalSql positional = positional(sql);
    Instant start = clock.instant();
    byte[] data = null;
    String rowsAffected = null;
    try (Connection c = pool.getConnection();
        PreparedStatement st = c.prepareStatement(positional.jdbc())) {
      bind(st, positional, params, op);
      boolean rows = st.execute();
      if (op.equals("exec")) {
        rowsAffected = Long.toString(rows ? 0 : Math.max(0, st.getLargeUpdateCount()));
      } else {
        data = rows ? rowsJson(st.getResultSet()) : "[]".getBytes(StandardCharsets.UTF_8);
      }
    }
    Instant end = clock.instant();
    String startTime = DaprValues.formatRfc3339Nano(start);
    String endTime = DaprValues.formatRfc3339Nano(end);
    String duration = DaprValues.formatDuration(Duration.between(start, end));
    // Built immutable, so the answer keeps this map instead of copying it.
    Map<String, String> md =
        rowsAffected == null
            ? Map.of(
                "operation", op,
                "sql", sql,
                "start-time", startTime,
                "end-time", endTime,
                "duration", duration)
            : Map.of(
                "operation", op,
                "sql", sql,
                "start-time", startTime,
                "end-time", endTime,
                "duration", duration,
                "rows-affected", rowsAffected);
    return new BindingResponse(data, md, data == null ? null : "application/json");
  }

  /**
   * The statement in JDBC's form, parsed once per distinct SQL text: applications run the same few
   * statements over and over. The cache is bounded; past its size it starts again.
   */
  private PositionalSql positional(String sql) {
    PositionalSql p = statements.get(sql);
    if (p == null) {
      p = PositionalSql.of(sql);
      if (statements.size() >= MAX_CACHED_STATEMENTS) {
        statements.clear();
      }
      statements.put(sql, p);
    }
    return p;
  }

  private static JsonNode params(InvokeRequest request) {
    String text = request.metadata("params").orElse(null);
    if (text == null) {
      return JSON.createArrayNode();
    }
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || !node.isArray()) {
        throw new InvalidRequestException(
            "operation '"
                + request.operation()
                + "': request metadata 'params' must be a JSON array");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException(
          "operation '"
              + request.operation()
              + "': request metadata 'params' is not a JSON array: "
              + e.getOriginalMessage(),
          e);
    }
  }

  private static void bind(PreparedStatement st, PositionalSql sql, JsonNode params, String op)
      throws SQLException {
    int[] order = sql.order();
    for (int i = 0; i < order.length; i++) {
      int n = order[i];
      if (n < 1 || n > params.size()) {
        throw new InvalidRequestException(
            "operation '"
                + op
                + "': the sql refers to $"
                + n
                + ", and request metadata 'params' has "
                + params.size()
                + " value(s)");
      }
      JsonNode v = params.get(n - 1);
      int index = i + 1;
      if (v.isNull()) {
        st.setNull(index, Types.NULL);
      } else if (v.isBoolean()) {
        st.setBoolean(index, v.booleanValue());
      } else if (v.isIntegralNumber() && v.canConvertToLong()) {
        st.setLong(index, v.longValue());
      } else if (v.isNumber()) {
        st.setBigDecimal(index, v.decimalValue());
      } else if (v.isTextual()) {
        st.setObject(index, v.textValue(), Types.OTHER);
      } else {
        st.setObject(index, v.toString(), Types.OTHER);
      }
    }
  }

  private static byte[] rowsJson(ResultSet rs) throws SQLException, IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      ResultSetMetaData meta = rs.getMetaData();
      int columns = meta.getColumnCount();
      g.writeStartArray();
      while (rs.next()) {
        g.writeStartArray();
        for (int i = 1; i <= columns; i++) {
          value(g, rs, i, meta.getColumnTypeName(i));
        }
        g.writeEndArray();
      }
      g.writeEndArray();
    }
    return out.toByteArray();
  }

  private static void value(JsonGenerator g, ResultSet rs, int i, String type)
      throws SQLException, IOException {
    Object v = rs.getObject(i);
    if (v == null) {
      g.writeNull();
      return;
    }
    switch (type) {
      case "timestamptz" ->
          g.writeString(
              DaprValues.formatRfc3339Nano(rs.getObject(i, OffsetDateTime.class).toInstant()));
      case "timestamp" ->
          g.writeString(
              DaprValues.formatRfc3339Nano(
                  rs.getObject(i, LocalDateTime.class).toInstant(ZoneOffset.UTC)));
      case "date" ->
          g.writeString(
              DaprValues.formatRfc3339Nano(
                  rs.getObject(i, LocalDate.class).atStartOfDay().toInstant(ZoneOffset.UTC)));
      case "json", "jsonb" -> g.writeRawValue(rs.getString(i));
      default -> write(g, v);
    }
  }

  private static void write(JsonGenerator g, Object v) throws SQLException, IOException {
    if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof BigDecimal d) {
      g.writeNumber(d);
    } else if (v instanceof Double d && !d.isNaN() && !d.isInfinite()) {
      g.writeNumber(d);
    } else if (v instanceof Float f && !f.isNaN() && !f.isInfinite()) {
      g.writeNumber(f);
    } else if (v instanceof byte[] bytes) {
      g.writeString(Base64.getEncoder().encodeToString(bytes));
    } else if (v instanceof Array array) {
      g.writeStartArray();
      for (Object o : (Object[]) array.getArray()) {
        if (o == null) {
          g.writeNull();
        } else {
          write(g, o);
        }
      }
      g.writeEndArray();
    } else {
      g.writeString(v.toString());
    }
  }

  /** Closes the pool; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      pool.close();
    }
  }

  @Override
  public String toString() {
    return "PostgresqlBinding[" + pool.getPoolName() + "]";
  }
}
