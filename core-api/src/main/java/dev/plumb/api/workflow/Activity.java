package dev.plumb.api.workflow;

/**
 * An activity: one step of a workflow that does real work (I/O, calls, computation). Activities run
 * at least once: after a crash an activity whose result was not recorded runs again, so make its
 * effects idempotent with {@link ActivityContext#idempotencyKey()}.
 *
 * <p>One object serves every call, concurrently from several threads.
 *
 * @param <I> the input's type
 * @param <O> the output's type
 */
@FunctionalInterface
public interface Activity<I, O> {

  /**
   * Runs one call.
   *
   * @param ctx the call's context
   * @param input the input, deserialized; may be {@code null}
   * @return the result, returned to the workflow; may be {@code null}
   * @throws Exception to fail the call; the workflow sees a {@link TaskFailedException}
   */
  O run(ActivityContext ctx, I input) throws Exception;
}
