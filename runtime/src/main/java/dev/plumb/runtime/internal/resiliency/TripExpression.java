package dev.plumb.runtime.internal.resiliency;

import dev.plumb.runtime.internal.cel.CelEngine;
import dev.plumb.runtime.internal.cel.Condition;
import dev.plumb.runtime.internal.cel.EvaluationException;
import dev.plumb.runtime.internal.cel.VariableType;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker's {@code trip} condition: a CEL expression over the breaker's counters, as in
 * Dapr. Dapr hands gobreaker's counters to cel-go as {@code int64}s, so they are CEL {@code int}s
 * here too: {@code consecutiveFailures > 5} compares with an integer literal, and {@code > 5.5} or
 * {@code > 5u} compare across types as in cel-go. Compiled once when the resources load; an
 * expression that does not compile or is not a boolean is refused then. Immutable and thread-safe.
 */
final class TripExpression {
  private static final Logger LOG = LoggerFactory.getLogger(TripExpression.class);

  /** Dapr's (and gobreaker's) default trip condition. */
  static final String DEFAULT = "consecutiveFailures > 5";

  private static final CelEngine ENGINE =
      CelEngine.of(
          Map.of(
              "requests", VariableType.INT,
              "totalSuccesses", VariableType.INT,
              "totalFailures", VariableType.INT,
              "consecutiveSuccesses", VariableType.INT,
              "consecutiveFailures", VariableType.INT));

  private final Condition condition;

  private TripExpression(Condition condition) {
    this.condition = condition;
  }

  /**
   * Compiles an expression.
   *
   * @param text the expression
   * @return the compiled expression
   * @throws IllegalArgumentException saying what is wrong and where
   */
  static TripExpression parse(String text) {
    return new TripExpression(ENGINE.compile(text));
  }

  /**
   * Evaluates the expression. A failed evaluation (a division by zero, an overflow) does not trip
   * the breaker, as in Dapr, which cannot assume that tripping is safe; it is logged.
   *
   * @param counts the breaker's counters
   * @return whether the breaker should open
   */
  boolean test(Counts counts) {
    try {
      return condition.test(
          Map.of(
              "requests", counts.requests,
              "totalSuccesses", counts.totalSuccesses,
              "totalFailures", counts.totalFailures,
              "consecutiveSuccesses", counts.consecutiveSuccesses,
              "consecutiveFailures", counts.consecutiveFailures));
    } catch (EvaluationException e) {
      LOG.warn("circuit breaker trip condition not met: {} ({})", e.getMessage(), counts);
      return false;
    }
  }

  @Override
  public String toString() {
    return condition.toString();
  }
}
