package dev.plumb.actors;

/**
 * One chain of calls: a call from outside any actor starts one, and every call its turns make,
 * directly or through other actors, belongs to it (Dapr's reentrancy id). Reentrancy compares
 * chains by identity. The thread running a turn carries the turn's chain.
 */
final class CallChain {
  private static final ThreadLocal<CallChain> CURRENT = new ThreadLocal<>();

  /**
   * Returns the chain of the turn running on this thread.
   *
   * @return the chain, or {@code null} outside a turn
   */
  static CallChain current() {
    return CURRENT.get();
  }

  /**
   * Makes {@code chain} this thread's chain.
   *
   * @param chain the chain, or {@code null}
   * @return the chain it replaces, to restore afterwards
   */
  static CallChain enter(CallChain chain) {
    CallChain previous = CURRENT.get();
    CURRENT.set(chain);
    return previous;
  }

  /**
   * Restores the chain {@link #enter} replaced.
   *
   * @param previous what {@code enter} returned
   */
  static void leave(CallChain previous) {
    // set(null) rather than remove(): the entry is reused by the thread's next turn.
    CURRENT.set(previous);
  }
}
