package dev.plumb.state.mysql;

import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.workflow.WorkflowConformanceKit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The workflow conformance kit on {@code state.mysql} as the actor state store (the generic
 * workflow store on its ETAG and TRANSACTIONAL operations), on the local MariaDB with private
 * tables dropped after the class.
 */
class MySqlWorkflowConformanceIT extends WorkflowConformanceKit {
  private static MySqlTestDb db;

  @BeforeAll
  static void open() {
    db = new MySqlTestDb();
  }

  @AfterAll
  static void close() throws Exception {
    db.drop();
  }

  @Override
  protected void addWorkflowStore(Plumb.Builder builder) {
    Map<String, String> md = db.metadata();
    md.put("actorStateStore", "true");
    builder.component("actorstore", MySqlStateProvider.TYPE, md);
  }
}
