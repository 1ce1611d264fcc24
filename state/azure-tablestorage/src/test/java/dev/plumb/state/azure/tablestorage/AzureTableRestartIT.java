package dev.plumb.state.azure.tablestorage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.testkit.TestComponentContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Stops Azurite (data on disk, {@code --location}) under a loop of writes and starts it again on
 * the same port: every write either succeeded and is readable afterwards, or threw.
 */
class AzureTableRestartIT {

  @Test
  void everyWriteEitherSucceedsAndIsReadableOrThrowsAcrossARestart() throws Exception {
    Path dir = Files.createTempDirectory("plumb-azurite-");
    try (Azurite azurite = Azurite.persistent(dir)) {
      azurite.start();
      try (TestComponentContext ctx =
              new TestComponentContext(
                  "statestore", AzureTableStateProvider.TYPE, azurite.metadata());
          StateComponent store = new AzureTableStateProvider().create(ctx)) {
        Set<Integer> succeeded = ConcurrentHashMap.newKeySet();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger succeededAfterRestart = new AtomicInteger();
        AtomicBoolean restarted = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer =
            new Thread(
                () -> {
                  for (int i = 0; !stop.get(); i++) {
                    try {
                      store.set(SetRequest.of("app||k" + i, Integer.toString(i).getBytes(UTF_8)));
                      succeeded.add(i);
                      if (restarted.get()) {
                        succeededAfterRestart.incrementAndGet();
                      }
                    } catch (Exception e) {
                      failed.incrementAndGet();
                    }
                  }
                },
                "writer");
        writer.start();
        try {
          await().atMost(Duration.ofSeconds(10)).until(() -> succeeded.size() >= 30);
          azurite.stop();
          // The SDK retries a refused connection three times with back-off before it throws.
          await().atMost(Duration.ofSeconds(30)).until(() -> failed.get() >= 1);
          azurite.start();
          restarted.set(true);
          await().atMost(Duration.ofSeconds(30)).until(() -> succeededAfterRestart.get() >= 10);
        } finally {
          stop.set(true);
          writer.join(30_000);
        }
        assertThat(writer.isAlive()).isFalse();
        assertThat(failed.get()).isPositive();
        for (int i : succeeded) {
          StateItem<byte[]> item = store.get(GetRequest.of("app||k" + i));
          assertThat(item).as("write %d succeeded, so it must be readable", i).isNotNull();
          assertThat(new String(item.value(), UTF_8)).isEqualTo(Integer.toString(i));
        }
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
