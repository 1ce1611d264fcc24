package dev.plumb.runtime.internal.cel;

/**
 * A compiled expression failed for one set of values: a missing map key, a division by zero, an
 * overflow, too many iterations, or a result that is not a boolean. The expression itself is valid;
 * callers decide what a failure means (Dapr: a circuit breaker does not trip, a routing rule sends
 * the message to the dead-letter topic or retries it).
 */
public final class EvaluationException extends Exception {
  private static final long serialVersionUID = 1L;

  EvaluationException(String message, Throwable cause) {
    super(message, cause);
  }
}
