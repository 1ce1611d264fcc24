package dev.plumb.workflow;

/**
 * Unwinds a workflow's code from inside {@code Task.await()}: an {@link Error}, so that {@code
 * catch (Exception e)} in workflow code cannot swallow it (Dapr's SDK uses a RuntimeException and
 * warns users never to catch it; Temporal learnt the same lesson).
 */
final class Signal extends Error {
  private static final long serialVersionUID = 1L;

  /** Why the code unwinds. */
  enum Kind {
    /** The instance leaves the cache; it replays on its next event. */
    EVICTED,
    /** The instance was terminated. */
    TERMINATED,
    /** The code called continueAsNew. */
    CONTINUE_AS_NEW,
    /** The code no longer matches its history. */
    STALLED
  }

  final Kind kind;

  Signal(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }
}
