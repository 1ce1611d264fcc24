package dev.plumb.runtime.internal.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CelEngineTest {
  /** Dapr's routing environment: one variable, the CloudEvent as a map. */
  private static final CelEngine ROUTING = CelEngine.of(Map.of("event", VariableType.MAP));

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, Object> event(String data) throws Exception {
    String envelope =
        "{\"id\":\"e-1\",\"specversion\":\"1.0\",\"source\":\"checkout\","
            + "\"type\":\"com.dapr.event.sent\",\"topic\":\"orders\",\"pubsubname\":\"pubsub\","
            + "\"traceid\":\"\",\"data\":"
            + data
            + "}";
    return Map.of("event", CelEngine.fromJson(JSON.readTree(envelope)));
  }

  @Test
  void evaluatesRoutingRulesOverACloudEventMap() throws Exception {
    Map<String, Object> values =
        event(
            "{\"n\":6,\"country\":\"DE\",\"items\":[{\"sku\":\"a\"},{\"sku\":\"b\"}],"
                + "\"note\":null}");

    for (String rule :
        List.of(
            "event.type == 'com.dapr.event.sent' && event.topic == 'orders'",
            "event.traceid == ''",
            "event.data.n > 5",
            "event.data.n == 6",
            "event.data.n == 6.0",
            "int(event.data.n) > 5",
            "type(event.data.n) == double",
            "has(event.data.country) && event.data.country in ['DE', 'FR']",
            "!has(event.data.missing)",
            "event.data.items.exists(i, i.sku == 'b')",
            "event.data.note == null")) {
      assertThat(ROUTING.compile(rule).test(values)).as(rule).isTrue();
    }
    assertThat(ROUTING.compile("event.data.n > 6.5").test(values)).isFalse();
  }

  @Test
  void failedEvaluationsAreReported() throws Exception {
    Map<String, Object> values = event("{\"n\":1,\"s\":\"x\"}");
    assertThatThrownBy(() -> ROUTING.compile("event.data.missing > 1").test(values))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("'missing'");
    assertThatThrownBy(() -> ROUTING.compile("event.data.s").test(values))
        .isInstanceOf(EvaluationException.class)
        .hasMessage("the result of 'event.data.s' is not a boolean: x");
  }

  @Test
  void refusesUndeclaredNamesAndNonBooleans() {
    assertThatThrownBy(() -> ROUTING.compile("other.type == 'x'"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("undeclared reference to 'other' at column 1");
    assertThatThrownBy(() -> ROUTING.compile("size(event)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected type 'bool' but found 'int'");
  }

  @Test
  void boundsComprehensions() throws Exception {
    String list = "[" + "0,".repeat(99) + "0]";
    String twenty = "[" + "0,".repeat(19) + "0]";
    // 20 + 400 + 8,000 iterations: inside the budget, nested ones counted together.
    String within = twenty + ".all(a, " + twenty + ".all(b, " + twenty + ".all(c, true)))";
    String rule = list + ".all(a, " + list + ".all(b, " + list + ".all(c, true)))";
    assertThat(ROUTING.compile(within).test(event("{}"))).isTrue();
    Map<String, Object> values = event("{}");
    assertThatThrownBy(() -> ROUTING.compile(rule).test(values))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("Iteration budget exceeded: 10000");
  }
}
