package dev.plumb.api.workflow;

/**
 * A workflow: deterministic code that orchestrates activities, timers, events and child workflows
 * through its {@link WorkflowContext}. The engine runs {@link #run} once per instance and, after an
 * eviction or a crash, runs it again from the start while replaying the instance's history, so the
 * code must take every decision from its input and from task results only: no wall clock, no random
 * numbers, no I/O, no threads (use the context's equivalents and activities).
 *
 * <p>One object serves every instance and may run on several threads at once: keep per-instance
 * state in local variables.
 *
 * @param <I> the input's type
 * @param <O> the output's type
 */
@FunctionalInterface
public interface Workflow<I, O> {

  /**
   * Runs one instance.
   *
   * @param ctx the instance's context; valid only on the calling thread, during this call
   * @param input the instance's input, deserialized; may be {@code null}
   * @return the output, serialized into the instance's state; may be {@code null}
   * @throws Exception to fail the instance; the failure is recorded as {@link FailureDetails}
   */
  O run(WorkflowContext ctx, I input) throws Exception;
}
