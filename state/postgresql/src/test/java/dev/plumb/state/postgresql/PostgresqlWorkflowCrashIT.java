package dev.plumb.state.postgresql;

import dev.plumb.testkit.workflow.WorkflowCrashScenario;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workflows on PostgreSQL survive JVMs killed with {@code kill -9} at random points. */
class PostgresqlWorkflowCrashIT {
  @Test
  void everyWorkflowCompletesOnceAfterRepeatedKills(@TempDir Path dir) throws Exception {
    Map<String, String> md = PostgresqlTestSupport.metadata("v2");
    try {
      WorkflowCrashScenario.run("state.postgresql", "v2", md, dir, 1_000, 20);
    } finally {
      PostgresqlTestSupport.drop("v2", md);
    }
  }
}
