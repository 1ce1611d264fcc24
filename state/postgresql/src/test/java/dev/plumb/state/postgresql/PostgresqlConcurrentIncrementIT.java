package dev.plumb.state.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.testkit.state.StateConcurrencyScenario;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 16 threads increment one counter with read-modify-write and etag retries: no lost update. */
class PostgresqlConcurrentIncrementIT {
  static final int THREADS = 16;
  static final int PER_THREAD =
      Integer.parseInt(System.getenv().getOrDefault("PLUMB_PG_INCREMENTS_PER_THREAD", "150"));

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void etagRetriesLoseNoIncrement(String version) throws Exception {
    Map<String, String> md = new HashMap<>(PostgresqlTestSupport.metadata(version));
    md.put("maxConns", Integer.toString(THREADS));
    try (StateComponent store = PostgresqlTestSupport.create(version, md)) {
      long conflicts =
          StateConcurrencyScenario.incrementWithETagRetry(store, "counter", THREADS, PER_THREAD);
      assertThat(conflicts).as("the threads really raced").isPositive();
    } finally {
      PostgresqlTestSupport.drop(version, md);
    }
  }
}
