package dev.plumb.runtime.internal.resiliency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TripExpressionTest {

  private static Counts counts(String values) {
    String[] v = values.split(",");
    Counts c = new Counts();
    c.requests = Long.parseLong(v[0]);
    c.totalSuccesses = Long.parseLong(v[1]);
    c.totalFailures = Long.parseLong(v[2]);
    c.consecutiveSuccesses = Long.parseLong(v[3]);
    c.consecutiveFailures = Long.parseLong(v[4]);
    return c;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        // expression; requests,totalSuccesses,totalFailures,consecutiveSuccesses,
        // consecutiveFailures; trips
        "consecutiveFailures > 5; 10,4,6,0,6; true",
        "consecutiveFailures > 5; 10,5,5,0,5; false",
        "consecutiveFailures >= 5; 10,5,5,0,5; true",
        "requests > 10 && totalFailures > 5; 11,5,6,0,1; true",
        "requests > 10 && totalFailures > 5; 10,4,6,0,1; false",
        "totalFailures > 5 || consecutiveFailures > 2; 3,0,3,0,3; true",
        "(requests >= 3 || totalSuccesses == 0) && consecutiveSuccesses < 1; 1,0,1,0,1; true",
        "requests>=3&&(totalFailures!=0); 3,2,1,1,0; true",
        "5 < consecutiveFailures; 6,0,6,0,6; true",
        "totalFailures > totalSuccesses; 3,1,2,0,2; true",
        "consecutiveSuccesses <= -1; 0,0,0,0,0; false",
        "requests == 0 || requests == 1 && requests == 2; 0,0,0,0,0; true",
        // Full CEL, as in Dapr: arithmetic, negation, conditionals, cross-type comparisons.
        "totalFailures * 2 > requests; 10,4,6,0,1; true",
        "totalFailures / requests > 0; 10,4,6,0,1; false",
        "!(consecutiveFailures < 3); 3,0,3,0,3; true",
        "requests > 100 ? totalFailures > 50 : consecutiveFailures > 2; 5,2,3,0,3; true",
        "consecutiveFailures > 5.5; 6,0,6,0,6; true",
        "consecutiveFailures > 5u; 6,0,6,0,6; true",
        "consecutiveFailures > 5.5; 5,0,5,0,5; false",
        // docs/resiliency.md
        "requests >= 20 && totalFailures * 100 / requests > 50; 20,9,11,0,1; true",
        "requests >= 20 && totalFailures * 100 / requests > 50; 20,10,10,0,1; false",
      })
  void evaluatesOverTheCounters(String expression, String values, boolean trips) {
    assertThat(TripExpression.parse(expression).test(counts(values))).isEqualTo(trips);
  }

  @Test
  void theDefaultIsDaprs() {
    TripExpression dflt = TripExpression.parse(TripExpression.DEFAULT);
    assertThat(dflt.test(counts("6,0,6,0,6"))).isTrue();
    assertThat(dflt.test(counts("5,0,5,0,5"))).isFalse();
    assertThat(dflt).hasToString("consecutiveFailures > 5");
  }

  @Test
  void aFailedEvaluationDoesNotTrip() {
    assertThat(TripExpression.parse("requests / totalSuccesses > 0").test(counts("3,0,3,0,3")))
        .as("division by zero")
        .isFalse();
    assertThat(TripExpression.parse("requests * 9223372036854775807 > 0").test(counts("2,0,2,0,2")))
        .as("overflow")
        .isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "''; mismatched input '<EOF>'",
        "consecutiveFailures; expected type 'bool' but found 'int' at column 1",
        "failures > 5; undeclared reference to 'failures' at column 1",
        "consecutiveFailures > 5 &&; mismatched input '<EOF>'",
        "(requests > 1; missing ')'",
        "requests > 1); extraneous input ')'",
        "requests > 1 and totalFailures > 1; mismatched input 'and'",
        "requests > 99999999999999999999; 99999999999999999999",
        "'requests' > 1; found no matching overload for '_>_' applied to '(string, int)'",
        "consecutiveFailures == 6.0; found no matching overload for '_==_'",
        "size(requests) > 1; found no matching overload for 'size'",
      })
  void refusesWhatDoesNotCompileToABoolean(String expression, String message) {
    assertThatThrownBy(() -> TripExpression.parse(expression))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void refusesHostileNestingBeforeItCanOverflowTheStack() {
    // ~3,100 nested parentheses overflowed the stack of the hand-written parser.
    String nested = "(".repeat(3100) + "requests > 1" + ")".repeat(3100);
    assertThatThrownBy(() -> TripExpression.parse(nested))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("recursion limit exceeded. limit: 64");
  }

  @Test
  void refusesHostileLengthBeforeItCanOverflowTheStack() {
    // A chain of ~29,400 && loaded and then threw StackOverflowError on first evaluation.
    String chain = String.join(" && ", Collections.nCopies(29_400, "requests > 1"));
    assertThatThrownBy(() -> TripExpression.parse(chain))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("code point size exceeds limit: size: 470396, limit 8192");
  }

  @Test
  void evaluatesTheLongestAndDeepestExpressionsItAccepts() {
    // && chains are balanced by the parser, so the longest accepted one evaluates shallowly.
    String chain = String.join(" && ", Collections.nCopies(511, "requests > 1"));
    assertThat(chain.length()).isLessThanOrEqualTo(8192);
    assertThat(TripExpression.parse(chain).test(counts("2,0,2,0,2"))).isTrue();
    assertThat(TripExpression.parse(chain + " && requests > 2").test(counts("2,0,2,0,2")))
        .isFalse();

    String deep = "(".repeat(60) + "requests > 1" + ")".repeat(60);
    assertThat(TripExpression.parse(deep).test(counts("2,0,2,0,2"))).isTrue();
  }
}
