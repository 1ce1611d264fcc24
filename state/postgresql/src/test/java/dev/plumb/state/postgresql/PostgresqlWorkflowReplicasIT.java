package dev.plumb.state.postgresql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumb.testkit.workflow.WorkflowReplicasScenario;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs of one application on one PostgreSQL, one killed: all complete, none on two owners. */
class PostgresqlWorkflowReplicasIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theSurvivorFinishesEveryWorkflowAndNoInstanceRanOnTwoOwnersAtOnce(@TempDir Path dir)
      throws Exception {
    Map<String, String> md = PostgresqlTestSupport.metadata("v2");
    try {
      WorkflowReplicasScenario.run(
          "state.postgresql", "v2", md, dir, 1_000, app -> stepEpochs(md, app));
    } finally {
      PostgresqlTestSupport.drop("v2", md);
    }
  }

  /** The generic store's step documents: {@code plumb-wf||<app>||<id>||h||<gen>||<n>}. */
  private static Map<String, List<Long>> stepEpochs(Map<String, String> md, String app)
      throws Exception {
    String prefix = "plumb-wf||" + app + "||";
    Map<String, TreeMap<Long, Long>> byInstance = new TreeMap<>();
    try (Connection c = PostgresqlTestSupport.raw();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT key, value FROM "
                    + PostgresqlTestSupport.stateTable("v2", md)
                    + " WHERE key LIKE ? AND key LIKE '%||h||%'")) {
      st.setString(1, "%" + prefix.replace("_", "\\_") + "%");
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          String key = rs.getString(1);
          String[] parts = key.substring(key.indexOf(prefix) + prefix.length()).split("\\|\\|");
          JsonNode doc = JSON.readTree(rs.getBytes(2));
          byInstance
              .computeIfAbsent(parts[0], k -> new TreeMap<>())
              .put(Long.parseLong(parts[3]), doc.path("epoch").asLong());
        }
      }
    }
    Map<String, List<Long>> out = new TreeMap<>();
    byInstance.forEach((id, steps) -> out.put(id, new ArrayList<>(steps.values())));
    return out;
  }
}
