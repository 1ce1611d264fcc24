package dev.plumb.state.postgresql;

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

  /** The native store's history rows: one per step, with the epoch it was committed under. */
  private static Map<String, List<Long>> stepEpochs(Map<String, String> md, String app)
      throws Exception {
    Map<String, List<Long>> out = new TreeMap<>();
    try (Connection c = PostgresqlTestSupport.raw();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT instance_id, epoch FROM "
                    + PostgresqlTestSupport.stateTable("v2", md)
                    + "_wf_history WHERE app_id = ? ORDER BY instance_id, step")) {
      st.setString(1, app);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getLong(2));
        }
      }
    }
    return out;
  }
}
