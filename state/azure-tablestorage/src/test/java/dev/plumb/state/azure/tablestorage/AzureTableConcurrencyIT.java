package dev.plumb.state.azure.tablestorage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableServiceClient;
import dev.plumb.api.state.Concurrency;
import dev.plumb.api.state.Consistency;
import dev.plumb.api.state.ETagMismatchException;
import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.testkit.TestComponentContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Sixteen threads increment one counter with etag retries: no increment is lost or doubled. */
class AzureTableConcurrencyIT {
  private static final int THREADS = 16;
  private static final int PER_THREAD = 10;

  @Test
  void sixteenThreadsIncrementingWithEtagRetryEndWithTheExactCount() throws Exception {
    try (Azurite azurite = Azurite.startInMemory()) {
      Map<String, String> md = azurite.metadata();
      AtomicInteger conflicts = new AtomicInteger();
      try (TestComponentContext ctx =
              new TestComponentContext("statestore", AzureTableStateProvider.TYPE, md);
          StateComponent store = new AzureTableStateProvider().create(ctx)) {
        store.set(SetRequest.of("app||counter", "0".getBytes(UTF_8)));
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
          List<Future<?>> futures = new ArrayList<>();
          for (int t = 0; t < THREADS; t++) {
            futures.add(
                pool.submit(
                    () -> {
                      for (int i = 0; i < PER_THREAD; i++) {
                        while (true) {
                          StateItem<byte[]> cur = store.get(GetRequest.of("app||counter"));
                          long n = Long.parseLong(new String(cur.value(), UTF_8));
                          try {
                            store.set(
                                new SetRequest(
                                    "app||counter",
                                    Long.toString(n + 1).getBytes(UTF_8),
                                    cur.etag(),
                                    Concurrency.LAST_WRITE,
                                    Consistency.STRONG,
                                    Map.of()));
                            break;
                          } catch (ETagMismatchException lostTheRace) {
                            conflicts.incrementAndGet();
                          }
                        }
                      }
                      return null;
                    }));
          }
          for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
          }
        } finally {
          pool.shutdownNow();
        }
        assertThat(new String(store.get(GetRequest.of("app||counter")).value(), UTF_8))
            .isEqualTo(Integer.toString(THREADS * PER_THREAD));
        assertThat(conflicts.get()).as("the threads did contend").isPositive();
      } finally {
        TableServiceClient raw = azurite.client();
        raw.deleteTable(md.get("tableName"));
      }
    }
  }
}
