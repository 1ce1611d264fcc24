package dev.plumb.workflow;

import dev.plumb.api.workflow.spi.WorkflowStore;
import dev.plumb.runtime.spi.Engine;
import dev.plumb.runtime.spi.EngineContext;
import dev.plumb.runtime.spi.PlumbModule;
import java.util.function.Function;

/**
 * The workflow engine module, found by {@code Plumb} through {@link java.util.ServiceLoader}: with
 * {@code plumb-workflow} on the class path, {@code plumb.workflows()} runs the workflows and
 * activities registered with {@code Plumb.Builder#workflow} and {@code #activity}, on the store
 * registered with {@code Plumb.Builder#workflowStore}, else the actor state store's native workflow
 * storage, else memory.
 */
public final class WorkflowModule implements PlumbModule {
  private final Function<EngineContext, WorkflowStore> store;

  /** Creates the module; {@link java.util.ServiceLoader} calls it. */
  public WorkflowModule() {
    this(WorkflowEngine::chooseStore);
  }

  WorkflowModule(Function<EngineContext, WorkflowStore> store) {
    this.store = store;
  }

  @Override
  public String name() {
    return "workflow";
  }

  @Override
  public Engine create(EngineContext context) {
    return new WorkflowEngine(context, store);
  }
}
