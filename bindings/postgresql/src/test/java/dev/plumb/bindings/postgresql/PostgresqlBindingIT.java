package dev.plumb.bindings.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ComponentException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.bindings.BindingResponse;
import dev.plumb.api.bindings.OutputBinding;
import dev.plumb.runtime.Plumb;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The PostgreSQL binding through Plumb on a real PostgreSQL. */
class PostgresqlBindingIT {
  private final String table = "plumb_bind_" + UUID.randomUUID().toString().replace("-", "");
  private Plumb plumb;
  private OutputBinding db;

  @BeforeEach
  void start() throws Exception {
    PostgresTestDb.check();
    plumb =
        Plumb.builder().component("db", "bindings.postgresql", PostgresTestDb.metadata()).build();
    db = plumb.outputBinding("db");
  }

  @AfterEach
  void stop() throws Exception {
    plumb.close();
    try (Connection c = PostgresTestDb.connect();
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + table);
    }
  }

  private BindingResponse exec(String sql, String params) {
    return db.invoke(
        "exec", null, params == null ? Map.of("sql", sql) : Map.of("sql", sql, "params", params));
  }

  @Test
  void execAnswersRowsAffectedAndDaprsTimingMetadata() {
    exec("create table " + table + " (id int primary key, name text)", null);
    BindingResponse r =
        exec("insert into " + table + " values ($1, $2), ($3, $4)", "[1, \"a\", 2, \"b\"]");
    assertThat(r.data()).isNull();
    assertThat(r.metadata())
        .containsEntry("operation", "exec")
        .containsEntry("rows-affected", "2")
        .containsKeys("sql", "start-time", "end-time", "duration");
    assertThat(r.metadata().get("start-time")).matches("\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z");
    assertThat(exec("update " + table + " set name = $1", "[\"z\"]").metadata())
        .containsEntry("rows-affected", "2");
  }

  @Test
  void queryAnswersRowArraysWithPgxsJsonTypes() {
    exec(
        "create table "
            + table
            + " (id bigint, amount numeric, ok boolean, at timestamptz, day date, doc jsonb,"
            + " raw bytea, tags text[], note text, ratio float8)",
        null);
    exec(
        "insert into " + table + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        "[7, 12.50, true, \"2026-01-02T03:04:05.5Z\", \"2026-01-02\", {\"a\": [1, 2]},"
            + " \"\\\\x0102\", \"{x,y}\", null, 0.25]");
    String rows = db.invoke("query", null, Map.of("sql", "select * from " + table), String.class);
    assertThat(rows)
        .isEqualTo(
            "[[7,12.50,true,\"2026-01-02T03:04:05.5Z\",\"2026-01-02T00:00:00Z\",{\"a\": [1, 2]},"
                + "\"AQI=\",[\"x\",\"y\"],null,0.25]]");
    assertThat(
            db.invoke(
                "query",
                null,
                Map.of(
                    "sql",
                    "select id from " + table + " where doc ? 'a' and id = $1",
                    "params",
                    "[7]"),
                String.class))
        .as("a jsonb ? operator next to a placeholder")
        .isEqualTo("[[7]]");
  }

  @Test
  void badRequestsNameTheBindingTheOperationAndTheField() {
    assertThatThrownBy(() -> db.invoke("exec", null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "output binding 'db' (bindings.postgresql): operation 'exec': request metadata 'sql'"
                + " is required");
    assertThatThrownBy(() -> exec("select $1", "{\"not\": \"an array\"}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "output binding 'db' (bindings.postgresql): operation 'exec': request metadata"
                + " 'params' must be a JSON array");
    assertThatThrownBy(() -> exec("select $1", "[1"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("request metadata 'params' is not a JSON array");
    assertThatThrownBy(() -> exec("select $2", "[1]"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("the sql refers to $2, and request metadata 'params' has 1 value(s)");
    assertThatThrownBy(() -> exec("selec 1", null))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("component 'db' (bindings.postgresql): exec failed");
    assertThatThrownBy(() -> db.invoke("create", null))
        .hasMessageContaining("does not support operation 'create'");
  }

  @Test
  void closeClosesTheBindingAsInDapr() {
    db.invoke("close", null);
    assertThatThrownBy(() -> exec("select 1", null))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("closed by a 'close' operation");
  }
}
