package dev.plumb.runtime.internal.cel;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumb.runtime.fuzz.Fuzzing;
import dev.plumb.runtime.fuzz.PlumbFuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Trip expressions and routing rules: compiling any text either succeeds or is refused with {@link
 * IllegalArgumentException} (the documented refusal, turned into a {@code ConfigurationException}
 * by the loaders), and evaluating what compiled either answers or fails with {@link
 * EvaluationException}; never a stack overflow or a hang.
 */
class CelFuzzTest {
  private static final CelEngine TRIP =
      CelEngine.of(
          Map.of(
              "requests", VariableType.INT,
              "totalSuccesses", VariableType.INT,
              "totalFailures", VariableType.INT,
              "consecutiveSuccesses", VariableType.INT,
              "consecutiveFailures", VariableType.INT));
  private static final Map<String, Object> COUNTS =
      Map.of(
          "requests", 7L,
          "totalSuccesses", 4L,
          "totalFailures", 3L,
          "consecutiveSuccesses", 0L,
          "consecutiveFailures", 3L);

  private static final CelEngine ROUTING = CelEngine.of(Map.of("event", VariableType.MAP));
  private static final Object EVENT;

  static {
    try {
      EVENT =
          CelEngine.fromJson(
              new ObjectMapper()
                  .readTree(
                      "{\"id\":\"1\",\"type\":\"order\",\"source\":\"s\",\"specversion\":\"1.0\","
                          + "\"data\":{\"n\":5,\"tags\":[\"a\",\"b\"],\"nested\":{\"x\":null}}}"));
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @PlumbFuzzTest
  void tripExpressions(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    Fuzzing.check(
        () -> TRIP.compile(text).test(COUNTS),
        IllegalArgumentException.class,
        EvaluationException.class);
  }

  @PlumbFuzzTest
  void routingRules(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    Fuzzing.check(
        () -> ROUTING.compile(text).test(Map.of("event", EVENT)),
        IllegalArgumentException.class,
        EvaluationException.class);
  }
}
