package dev.plumb.runtime.internal.resiliency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TripExpressionTest {

  private static Counts counts(long requests, long successes, long failures, long cs, long cf) {
    Counts c = new Counts();
    c.requests = requests;
    c.totalSuccesses = successes;
    c.totalFailures = failures;
    c.consecutiveSuccesses = cs;
    c.consecutiveFailures = cf;
    return c;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
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
      })
  void evaluates(String expression, String values, boolean expected) {
    String[] v = values.split(",");
    Counts c =
        counts(
            Long.parseLong(v[0]),
            Long.parseLong(v[1]),
            Long.parseLong(v[2]),
            Long.parseLong(v[3]),
            Long.parseLong(v[4]));

    assertThat(TripExpression.parse(expression).test(c)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "consecutiveFailures",
        "consecutiveFailures > 5.5",
        "consecutiveFailures > 5u",
        "failures > 5",
        "requests + 1 > 2",
        "size(x) > 1",
        "consecutiveFailures > 5 &&",
        "(requests > 1",
        "requests > 1)",
        "!(requests > 1)",
        "requests > 1 and totalFailures > 1",
        "requests > 99999999999999999999",
        "\"requests\" > 1",
      })
  void rejectsWhatIsOutsideTheSubset(String expression) {
    assertThatThrownBy(() -> TripExpression.parse(expression))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("supported: comparisons");
  }
}
