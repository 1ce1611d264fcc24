package dev.plumb.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The asynchronous path never blocks a pool thread waiting for another pool task: on a two-thread
 * executor, a thousand concurrent calls under a timeout and a retry policy all complete, and none
 * times out (each attempt's timeout starts when the attempt starts, not while it waits in the
 * queue).
 */
class AsyncPathTest {
  @TempDir Path dir;

  @Test
  void aThousandAsyncCallsOnTwoThreadsUnderTimeoutAndRetryAllComplete() throws Exception {
    Files.writeString(
        dir.resolve("resiliency.yaml"),
        """
        apiVersion: dapr.io/v1alpha1
        kind: Resiliency
        metadata:
          name: policies
        spec:
          policies:
            timeouts:
              short: 2s
            retries:
              few: {policy: constant, duration: 10ms, maxRetries: 3}
          targets:
            components:
              statestore:
                outbound: {timeout: short, retry: few}
        """);
    ExecutorService twoThreads = Executors.newFixedThreadPool(2);
    try (Plumb plumb =
        Plumb.builder()
            .appId("app")
            .executor(twoThreads)
            .resources(dir)
            .component("statestore", "state.in-memory", Map.of())
            .build()) {
      StateStore store = plumb.stateStore("statestore");
      List<CompletableFuture<?>> calls = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        String key = "k" + i;
        int value = i;
        calls.add(
            store
                .async()
                .save(key, value)
                .thenCompose(v -> store.async().get(key, Integer.class))
                .thenApply(StateItem::value)
                .thenAccept(read -> assertThat(read).isEqualTo(value))
                .toCompletableFuture());
      }

      CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);

      assertThat(calls).allMatch(c -> c.isDone() && !c.isCompletedExceptionally());
      assertThat(store.get("k999", Integer.class).value()).isEqualTo(999);
    } finally {
      twoThreads.shutdownNow();
    }
  }
}
