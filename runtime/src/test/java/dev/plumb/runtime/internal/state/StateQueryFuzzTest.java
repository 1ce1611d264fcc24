package dev.plumb.runtime.internal.state;

import dev.plumb.runtime.fuzz.Fuzzing;
import dev.plumb.runtime.fuzz.PlumbFuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Dapr's JSON query language through a state store: any query text is parsed, checked and run over
 * the in-memory store's JSON values, or refused with {@code InvalidRequestException}; never a
 * {@code ComponentException}, which a retry policy would repeat.
 */
class StateQueryFuzzTest {
  private static final StateFixture FIXTURE = new StateFixture();
  private static final DefaultStateStore STORE = FIXTURE.store(Map.of());

  static {
    STORE.save("a", Map.of("n", 1, "s", "x", "nested", Map.of("b", true)));
    STORE.save("b", raw("{\"n\":1e400,\"s\":null,\"list\":[1,2]}"));
    STORE.save("c", raw("{\"n\":-5.5,\"s\":\"y\",\"nested\":{\"b\":false}}"));
    STORE.save("d", raw("not json"));
    STORE.save("e", "just a string");
  }

  private static byte[] raw(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @PlumbFuzzTest
  void queries(byte[] input) {
    String query = new String(input, StandardCharsets.UTF_8);
    Fuzzing.check(() -> STORE.query(query, Object.class));
  }
}
