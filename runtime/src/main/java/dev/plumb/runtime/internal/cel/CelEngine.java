package dev.plumb.runtime.internal.cel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelBuilder;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Plumb's one CEL engine (cel-java), for the expressions Dapr evaluates with cel-go: circuit
 * breakers' {@code trip} conditions and pub/sub routing rules. An engine declares a fixed set of
 * typed variables; it compiles and type-checks boolean {@link Condition}s over them. Immutable and
 * thread-safe: build one per kind of expression and keep it.
 *
 * <p>As in cel-go, the standard functions and macros ({@code has}, {@code all}, {@code exists},
 * {@code map}, {@code filter}) are available and numbers of different types compare ({@code
 * consecutiveFailures > 5.5}, {@code event.data.n > 5} on a double). Unlike Dapr, which declares
 * any unknown name as {@code dyn} and then fails every evaluation, an undeclared name is refused at
 * compile time.
 *
 * <p>Limits keep hostile input from exhausting a thread: an expression is at most {@value
 * #MAX_LENGTH} code points and {@value #MAX_NESTING} levels deep (nesting beyond that could
 * overflow the stack while compiling or evaluating), and one evaluation runs at most {@value
 * #MAX_ITERATIONS} comprehension iterations.
 */
public final class CelEngine {
  /** The longest expression accepted, in code points. */
  public static final int MAX_LENGTH = 8192;

  /** The deepest nesting of the expression's syntax accepted. */
  public static final int MAX_NESTING = 64;

  /**
   * The most comprehension iterations ({@code all}, {@code map}, ...) of one evaluation, counted
   * across nested comprehensions. A rule runs per delivered event and a trip expression per call
   * outcome; 10,000 iterations already take milliseconds, where 100,000 nested {@code map}s took
   * seconds on a loaded 2-core machine.
   */
  public static final int MAX_ITERATIONS = 10_000;

  private final Cel cel;

  private CelEngine(Cel cel) {
    this.cel = cel;
  }

  /**
   * Creates an engine.
   *
   * @param variables each variable's name and type
   * @return the engine
   */
  public static CelEngine of(Map<String, VariableType> variables) {
    CelBuilder builder =
        CelFactory.plannerCelBuilder()
            .setOptions(
                CelOptions.current()
                    .enableHeterogeneousNumericComparisons(true)
                    .maxExpressionCodePointSize(MAX_LENGTH)
                    .maxParseRecursionDepth(MAX_NESTING)
                    .comprehensionMaxIterations(MAX_ITERATIONS)
                    .build())
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setResultType(SimpleType.BOOL);
    variables.forEach(
        (name, type) ->
            builder.addVar(
                name,
                switch (type) {
                  case INT -> SimpleType.INT;
                  case MAP -> MapType.create(SimpleType.STRING, SimpleType.DYN);
                }));
    return new CelEngine(builder.build());
  }

  /**
   * Compiles and type-checks a boolean expression.
   *
   * @param expression the CEL source
   * @return the compiled condition
   * @throws IllegalArgumentException if the expression is too long or too deep, does not parse,
   *     uses an undeclared name, or cannot be a boolean; the message says where and why
   */
  public Condition compile(String expression) {
    try {
      return new Condition(expression, cel.createProgram(cel.compile(expression).getAst()));
    } catch (CelValidationException e) {
      throw new IllegalArgumentException(describe(e), e);
    } catch (CelEvaluationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Converts JSON to the value of a {@link VariableType#MAP} variable (or of one of its entries)
   * the way Dapr's routing sees JSON: objects become maps, arrays lists, every number a double
   * (Go's {@code float64}), {@code null} CEL's {@code null}.
   *
   * @param json the JSON, such as a CloudEvent's envelope
   * @return an immutable map, list, {@link String}, {@link Double}, {@link Boolean} or CEL null
   */
  public static Object fromJson(JsonNode json) {
    switch (json.getNodeType()) {
      case OBJECT:
        Map<String, Object> map = new LinkedHashMap<>();
        json.fields().forEachRemaining(e -> map.put(e.getKey(), fromJson(e.getValue())));
        return Collections.unmodifiableMap(map);
      case ARRAY:
        List<Object> list = new ArrayList<>(json.size());
        json.forEach(e -> list.add(fromJson(e)));
        return Collections.unmodifiableList(list);
      case NUMBER:
        return json.doubleValue();
      case BOOLEAN:
        return json.booleanValue();
      case NULL:
      case MISSING:
        // cel-java reads a Java null in a map as "unknown", not as CEL's null.
        return NullValue.NULL_VALUE;
      default:
        return json.asText();
    }
  }

  /** One line per issue, "message at column N", without cel's source excerpts. */
  private static String describe(CelValidationException e) {
    if (e.getErrors().isEmpty()) {
      return e.getMessage();
    }
    return e.getErrors().stream().map(CelEngine::describe).collect(Collectors.joining("; "));
  }

  private static String describe(CelIssue issue) {
    // Plumb has no CEL containers (namespaces): cel-java's mention of the empty one is noise.
    String message = issue.getMessage().replace(" (in container '')", "");
    int column = issue.getSourceLocation().getColumn();
    return column < 0 ? message : message + " at column " + (column + 1);
  }
}
