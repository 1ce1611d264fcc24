package dev.plumb.state.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.state.Concurrency;
import dev.plumb.api.state.Consistency;
import dev.plumb.api.state.ETagMismatchException;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 16 threads increment one counter with read-modify-write and etag retries: no lost update. */
class PgConcurrentIncrementIT {
  static final int THREADS = 16;
  static final int PER_THREAD =
      Integer.parseInt(System.getenv().getOrDefault("PLUMB_PG_INCREMENTS_PER_THREAD", "150"));

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void etagRetriesLoseNoIncrement(String version) throws Exception {
    Map<String, String> md = new HashMap<>(PgTestSupport.metadata(version));
    md.put("maxConns", Integer.toString(THREADS));
    AtomicLong conflicts = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try (StateComponent store = PgTestSupport.create(version, md)) {
      store.set(SetRequest.of("counter", "0".getBytes(StandardCharsets.US_ASCII)));
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < PER_THREAD; i++) {
                    while (true) {
                      StateItem<byte[]> item = store.get(GetRequest.of("counter"));
                      long n = Long.parseLong(new String(item.value(), StandardCharsets.US_ASCII));
                      try {
                        store.set(
                            new SetRequest(
                                "counter",
                                Long.toString(n + 1).getBytes(StandardCharsets.US_ASCII),
                                item.etag(),
                                Concurrency.LAST_WRITE,
                                Consistency.EVENTUAL,
                                Map.of()));
                        break;
                      } catch (ETagMismatchException e) {
                        conflicts.incrementAndGet();
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      byte[] v = store.get(GetRequest.of("counter")).value();
      assertThat(Long.parseLong(new String(v, StandardCharsets.US_ASCII)))
          .isEqualTo((long) THREADS * PER_THREAD);
      assertThat(conflicts.get()).as("the threads really raced").isPositive();
    } finally {
      pool.shutdownNow();
      PgTestSupport.drop(version, md);
    }
  }
}
