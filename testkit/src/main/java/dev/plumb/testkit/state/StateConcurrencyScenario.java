package dev.plumb.testkit.state;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The optimistic-concurrency scenario every real-server state provider runs: threads increment one
 * counter by read-modify-write with an etag, retrying on {@link ETagMismatchException}; no
 * increment may be lost or doubled.
 */
public final class StateConcurrencyScenario {
  private StateConcurrencyScenario() {}

  /**
   * Runs the scenario and asserts the counter ends at {@code threads × perThread}.
   *
   * @param store a started component; needs at least {@code threads} connections to race for real
   * @param key the counter's stored key
   * @param threads how many threads increment at once
   * @param perThread how many increments each thread makes
   * @return how many writes lost the race and were retried
   * @throws Exception if a thread fails with anything but an etag mismatch
   */
  public static long incrementWithETagRetry(
      StateComponent store, String key, int threads, int perThread) throws Exception {
    AtomicLong conflicts = new AtomicLong();
    store.set(SetRequest.of(key, ascii(0)));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    while (true) {
                      StateItem<byte[]> item = store.get(GetRequest.of(key));
                      long n = Long.parseLong(new String(item.value(), StandardCharsets.US_ASCII));
                      try {
                        store.set(
                            new SetRequest(
                                key,
                                ascii(n + 1),
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
    } finally {
      pool.shutdownNow();
    }
    byte[] v = store.get(GetRequest.of(key)).value();
    assertThat(Long.parseLong(new String(v, StandardCharsets.US_ASCII)))
        .isEqualTo((long) threads * perThread);
    return conflicts.get();
  }

  private static byte[] ascii(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }
}
