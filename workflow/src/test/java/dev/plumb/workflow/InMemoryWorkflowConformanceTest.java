package dev.plumb.workflow;

import dev.plumb.runtime.Plumb;
import dev.plumb.testkit.workflow.WorkflowConformanceKit;

/** The workflow conformance kit on the in-memory store, restarts sharing one store object. */
class InMemoryWorkflowConformanceTest extends WorkflowConformanceKit {
  private final InMemoryWorkflowStore store = new InMemoryWorkflowStore();

  @Override
  protected void addWorkflowStore(Plumb.Builder builder) {
    builder.workflowStore(store);
  }
}
