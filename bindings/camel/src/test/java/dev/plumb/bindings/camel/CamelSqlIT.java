package dev.plumb.bindings.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.bindings.BindingEvent;
import dev.plumb.runtime.Plumb;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Camel component Plumb has no native binding for, through the bridge, on a real PostgreSQL
 * ({@code PLUMB_POSTGRES_URL}): camel-sql polls a table as an input binding (marking each row
 * consumed) and inserts rows through an output binding. Dapr's PostgreSQL binding is output only;
 * with Camel, a table becomes an event source.
 */
class CamelSqlIT {
  private static final String URL =
      System.getenv().getOrDefault("PLUMB_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test");

  private final String table = "plumb_camel_" + UUID.randomUUID().toString().replace("-", "");
  private String jdbcUrl;

  @BeforeEach
  void createTable() throws SQLException {
    URI u = URI.create(URL);
    String userInfo = u.getUserInfo() == null ? "postgres" : u.getUserInfo();
    String user = userInfo.split(":", 2)[0];
    String password = userInfo.contains(":") ? userInfo.split(":", 2)[1] : "";
    int port = u.getPort() > 0 ? u.getPort() : 5432;
    jdbcUrl =
        "jdbc:postgresql://"
            + u.getHost()
            + ":"
            + port
            + u.getPath()
            + "?user="
            + user
            + (password.isEmpty() ? "" : "&password=" + password);
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE "
              + table
              + " (id serial primary key, item text not null, processed boolean default false)");
    }
  }

  private Connection connect() throws SQLException {
    try {
      return DriverManager.getConnection(jdbcUrl);
    } catch (SQLException e) {
      throw new SQLException(
          "PostgreSQL is not reachable at "
              + URL
              + (System.getenv("PLUMB_POSTGRES_URL") == null
                  ? " (the default; PLUMB_POSTGRES_URL is not set)"
                  : " (from PLUMB_POSTGRES_URL)")
              + ": start it, or point PLUMB_POSTGRES_URL at a running server",
          e);
    }
  }

  @AfterEach
  void dropTable() throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + table);
    }
  }

  @Test
  void aTableIsPolledAsAnInputBindingAndWrittenThroughAnOutputBinding() throws SQLException {
    Map<String, String> db = new LinkedHashMap<>();
    db.put("camel.component.sql.dataSource", "#class:org.postgresql.ds.PGSimpleDataSource");
    db.put("camel.component.sql.dataSource.url", jdbcUrl);
    Map<String, String> in = new LinkedHashMap<>(db);
    in.put(
        "inputUri",
        "sql:select id, item from "
            + table
            + " where processed = false order by id"
            + "?onConsume=update "
            + table
            + " set processed = true where id = :#id&initialDelay=0&delay=100");
    Map<String, String> out = new LinkedHashMap<>(db);
    out.put("uri", "sql:insert into " + table + " (item) values (:#item)");
    List<BindingEvent> events = new CopyOnWriteArrayList<>();
    try (Plumb plumb =
        Plumb.builder()
            .component("new-orders", "bindings.camel", in)
            .component("orders-db", "bindings.camel", out)
            .build()) {
      plumb
          .inputBinding("new-orders")
          .subscribe(
              e -> {
                events.add(e);
                return null;
              });
      plumb.outputBinding("orders-db").invoke("create", null, Map.of("item", "book"));
      plumb.outputBinding("orders-db").invoke("create", null, Map.of("item", "lamp"));
      await().atMost(Duration.ofSeconds(20)).until(() -> events.size() >= 2);
    }
    assertThat(events)
        .extracting(BindingEvent::dataAsString)
        .as("each row arrives as JSON")
        .containsExactly("{\"id\":1,\"item\":\"book\"}", "{\"id\":2,\"item\":\"lamp\"}");
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT count(*) FROM " + table + " WHERE processed = false")) {
      rs.next();
      assertThat(rs.getInt(1)).as("every row consumed").isZero();
    }
  }
}
