package dev.plumb.state.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, point 6: tables are created for every component, whatever other components share the
 * metadata table, and a table of the other version's layout is refused at start with what to do.
 */
class PostgresqlTablesIT {
  private final String meta = PostgresqlTestSupport.uniqueName("plumb_it_meta_");
  private final String first = PostgresqlTestSupport.uniqueName("plumb_it_a_");
  private final String second = PostgresqlTestSupport.uniqueName("plumb_it_b_");

  @AfterEach
  void drop() throws Exception {
    try (Connection c = PostgresqlTestSupport.raw();
        Statement st = c.createStatement()) {
      for (String t : new String[] {first, second, first + "state", meta}) {
        st.execute("DROP TABLE IF EXISTS " + t);
      }
    }
  }

  private Map<String, String> v1(String table) {
    Map<String, String> md = new HashMap<>();
    md.put("connectionString", PostgresqlTestSupport.URL);
    md.put("metadataTableName", meta);
    md.put("tableName", table);
    return md;
  }

  private Map<String, String> v2(String prefix) {
    Map<String, String> md = new HashMap<>();
    md.put("connectionString", PostgresqlTestSupport.URL);
    md.put("metadataTableName", meta);
    md.put("tablePrefix", prefix);
    return md;
  }

  @Test
  void twoV1ComponentsWithOneMetadataTableEachGetTheirTable() throws Exception {
    try (StateComponent a = PostgresqlTestSupport.create("v1", v1(first));
        StateComponent b = PostgresqlTestSupport.create("v1", v1(second))) {
      a.set(SetRequest.of("k", bytes("a")));
      b.set(SetRequest.of("k", bytes("b")));

      assertThat(a.get(GetRequest.of("k")).value()).isEqualTo(bytes("a"));
      assertThat(b.get(GetRequest.of("k")).value()).isEqualTo(bytes("b"));
    }
  }

  @Test
  void aV2ComponentOnAV1TableIsRefusedAtStart() throws Exception {
    // An empty tablePrefix makes v2's table 'state', v1's default: the switch the issue met.
    try (StateComponent v1 = PostgresqlTestSupport.create("v1", v1(first + "state"))) {
      v1.set(SetRequest.of("k", bytes("v")));
    }

    assertThatThrownBy(() -> PostgresqlTestSupport.create("v2", v2(first)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(
            "table '"
                + first
                + "state' is a state.postgresql v1 table (value jsonb, isbinary,"
                + " expiredate), and this component is v2")
        .hasMessageContaining("give v2 a table of its own with tablePrefix");
  }

  @Test
  void aV1ComponentOnAV2TableIsRefusedAtStart() throws Exception {
    try (StateComponent v2 = PostgresqlTestSupport.create("v2", v2(first))) {
      v2.set(SetRequest.of("k", bytes("v")));
    }

    assertThatThrownBy(() -> PostgresqlTestSupport.create("v1", v1(first + "state")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("is a state.postgresql v2 table")
        .hasMessageContaining("give v1 another tableName");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
