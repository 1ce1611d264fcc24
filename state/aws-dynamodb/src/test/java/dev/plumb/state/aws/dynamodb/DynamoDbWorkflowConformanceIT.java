package dev.plumb.state.aws.dynamodb;

import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.workflow.WorkflowConformanceKit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The workflow conformance kit on {@code state.aws.dynamodb} as the actor state store (the generic
 * workflow store on its ETAG and TRANSACTIONAL operations), on an in-process DynamoDB Local started
 * once for the class, with a private table.
 */
class DynamoDbWorkflowConformanceIT extends WorkflowConformanceKit {
  private static DynamoDbLocal local;
  private static Map<String, String> metadata;

  @BeforeAll
  static void startDynamoDbLocal() throws Exception {
    local = DynamoDbLocal.startInMemory();
    metadata = local.metadata();
  }

  @AfterAll
  static void stopDynamoDbLocal() {
    local.close();
  }

  @Override
  protected void addWorkflowStore(Plumb.Builder builder) {
    Map<String, String> md = new HashMap<>(metadata);
    md.put("actorStateStore", "true");
    builder.component("actorstore", DynamoDbStateProvider.TYPE, md);
  }
}
