package dev.plumb.runtime.internal.cel;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.Program;
import java.util.Map;

/**
 * A boolean CEL expression compiled by a {@link CelEngine}: compile once, when the resources load,
 * then evaluate per call. Immutable and thread-safe.
 */
public final class Condition {
  private final String expression;
  private final Program program;

  Condition(String expression, Program program) {
    this.expression = expression;
    this.program = program;
  }

  /**
   * Evaluates the expression.
   *
   * @param values a value for each variable the engine declares, of the Java type {@link
   *     VariableType} names
   * @return the result
   * @throws EvaluationException if evaluation fails or its result is not a boolean
   */
  public boolean test(Map<String, ?> values) throws EvaluationException {
    Object result;
    try {
      result = program.eval(values);
    } catch (CelEvaluationException e) {
      throw new EvaluationException("evaluating '" + expression + "' failed: " + e.getMessage(), e);
    }
    if (result instanceof Boolean b) {
      return b;
    }
    throw new EvaluationException(
        "the result of '" + expression + "' is not a boolean: " + result, null);
  }

  /**
   * Returns the expression's source text.
   *
   * @return the text as compiled
   */
  @Override
  public String toString() {
    return expression;
  }
}
