package dev.plumb.bindings.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ComponentException;
import dev.plumb.api.ConfigurationException;
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

/** The MySQL binding through Plumb on a real MariaDB. */
class MySqlBindingIT {
  private final String table = "plumb_bind_" + UUID.randomUUID().toString().replace("-", "");
  private Plumb plumb;
  private OutputBinding db;

  @BeforeEach
  void start() throws Exception {
    MySqlTestDb.connect().close();
    plumb = Plumb.builder().component("db", "bindings.mysql", MySqlTestDb.metadata()).build();
    db = plumb.outputBinding("db");
  }

  @AfterEach
  void stop() throws Exception {
    plumb.close();
    try (Connection c = MySqlTestDb.connect();
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + table);
    }
  }

  private BindingResponse exec(String sql, String params) {
    return db.invoke(
        "exec", null, params == null ? Map.of("sql", sql) : Map.of("sql", sql, "params", params));
  }

  @Test
  void execAndQueryWithParametersAnswerDaprsObjects() {
    exec(
        "create table "
            + table
            + " (id int primary key, name varchar(20), amount decimal(8,2), at datetime(3),"
            + " doc json, note text)",
        null);
    BindingResponse r =
        exec(
            "insert into " + table + " values (?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?)",
            "[1, \"a\", 12.50, \"2026-01-02 03:04:05.5\", \"{\\\"k\\\": 1}\", null,"
                + " 2, \"b\", 3, \"2026-01-03 00:00:00\", \"[]\", \"x\"]");
    assertThat(r.metadata())
        .containsEntry("operation", "exec")
        .containsEntry("rows-affected", "2")
        .containsKeys("sql", "start-time", "end-time", "duration");
    String rows =
        db.invoke(
            "query",
            null,
            Map.of("sql", "select * from " + table + " where id >= ? order by id", "params", "[1]"),
            String.class);
    assertThat(rows)
        .isEqualTo(
            "[{\"id\":1,\"name\":\"a\",\"amount\":12.50,\"at\":\"2026-01-02T03:04:05.5Z\","
                + "\"doc\":{\"k\": 1}},"
                + "{\"id\":2,\"name\":\"b\",\"amount\":3.00,\"at\":\"2026-01-03T00:00:00Z\","
                + "\"doc\":[],\"note\":\"x\"}]");
  }

  @Test
  void badRequestsNameTheBindingTheOperationAndTheField() {
    assertThatThrownBy(() -> db.invoke("query", null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "output binding 'db' (bindings.mysql): operation 'query': request metadata 'sql' is"
                + " required");
    assertThatThrownBy(() -> exec("select ?, ?", "[1]"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("the sql has 2 parameter(s), and request metadata 'params' has 1");
    assertThatThrownBy(() -> exec("select 1", "nope"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("request metadata 'params' is not a JSON array");
    assertThatThrownBy(() -> exec("selec 1", null))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("component 'db' (bindings.mysql): exec failed");
  }

  @Test
  void closeClosesTheBindingAndBadUrlsFailTheBuild() {
    db.invoke("close", null);
    assertThatThrownBy(() -> exec("select 1", null))
        .hasMessageContaining("closed by a 'close' operation");
    assertThatThrownBy(
            () ->
                Plumb.builder()
                    .component("db", "bindings.mysql", Map.of("url", "not a dsn"))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("metadata 'url'");
  }
}
