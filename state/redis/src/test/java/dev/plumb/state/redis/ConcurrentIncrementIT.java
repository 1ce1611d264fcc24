package dev.plumb.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.state.Concurrency;
import dev.plumb.api.state.Consistency;
import dev.plumb.api.state.ETagMismatchException;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.spi.DeleteRequest;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
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
    AtomicLong conflicts = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try (StateComponent store = RedisTestSupport.create(md)) {
      store.set(SetRequest.of(key, "0".getBytes(StandardCharsets.US_ASCII)));
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < PER_THREAD; i++) {
                    while (true) {
                      StateItem<byte[]> item = store.get(GetRequest.of(key));
                      long n = Long.parseLong(new String(item.value(), StandardCharsets.US_ASCII));
                      try {
                        store.set(
                            new SetRequest(
                                key,
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
      byte[] v = store.get(GetRequest.of(key)).value();
      assertThat(Long.parseLong(new String(v, StandardCharsets.US_ASCII)))
          .isEqualTo((long) THREADS * PER_THREAD);
      assertThat(conflicts.get()).as("the threads really raced").isPositive();
      store.delete(DeleteRequest.of(key));
    } finally {
      pool.shutdownNow();
    }
  }
}
