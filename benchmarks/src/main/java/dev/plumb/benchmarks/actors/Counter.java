package dev.plumb.benchmarks.actors;

import dev.plumb.api.actors.ActorContext;

/** The benchmarks' actor: a counter in a field, the least an actor can do per call. */
public interface Counter {
  /**
   * Adds one.
   *
   * @return the new count
   */
  long increment();

  /** The counter as a plain object. */
  final class Impl implements Counter {
    private final ActorContext ctx;
    private long count;

    /**
     * Creates the actor.
     *
     * @param ctx its context
     */
    public Impl(ActorContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public long increment() {
      return ++count;
    }

    @Override
    public String toString() {
      return "Counter[" + ctx.id() + "]";
    }
  }
}
