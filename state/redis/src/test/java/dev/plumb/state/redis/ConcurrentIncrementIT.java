package dev.plumb.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.state.spi.DeleteRequest;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.testkit.state.StateConcurrencyScenario;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** 16 threads increment one counter with read-modify-write and etag retries: no lost update. */
class ConcurrentIncrementIT {
  static final int THREADS = 16;
  static final int PER_THREAD =
      Integer.parseInt(System.getenv().getOrDefault("PLUMB_INCREMENTS_PER_THREAD", "1000"));

  @Test
  void etagRetriesLoseNoIncrement() throws Exception {
    Map<String, String> md = new java.util.HashMap<>(RedisTestSupport.metadata());
    md.put("poolSize", Integer.toString(THREADS));
    String key = RedisTestSupport.prefix() + "counter";
    try (StateComponent store = RedisTestSupport.create(md)) {
      long conflicts =
          StateConcurrencyScenario.incrementWithETagRetry(store, key, THREADS, PER_THREAD);
      assertThat(conflicts).as("the threads really raced").isPositive();
      store.delete(DeleteRequest.of(key));
    }
  }
}
