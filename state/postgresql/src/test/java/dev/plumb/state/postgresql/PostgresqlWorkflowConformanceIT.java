package dev.plumb.state.postgresql;

import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.workflow.WorkflowConformanceKit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The workflow conformance kit on {@code state.postgresql} v2 as the actor state store, which keeps
 * workflows natively ({@link PostgresqlWorkflowStore}), on private tables.
 */
class PostgresqlWorkflowConformanceIT extends WorkflowConformanceKit {
  private static Map<String, String> metadata;

  @BeforeAll
  static void open() throws Exception {
    metadata = PostgresqlTestSupport.metadata("v2");
  }

  @AfterAll
  static void close() throws Exception {
    PostgresqlTestSupport.drop("v2", metadata);
  }

  @Override
  protected void addWorkflowStore(Plumb.Builder builder) {
    Map<String, String> md = new HashMap<>(metadata);
    md.put("actorStateStore", "true");
    builder.component("actorstore", "state.postgresql", "v2", md);
  }
}
