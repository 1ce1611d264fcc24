package dev.plumb.state.mysql;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import dev.plumb.testkit.TestComponentContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Restarts a private MariaDB under a loop of writes: no write may be lost silently. */
class MySqlRestartIT {

  @Test
  void everyWriteEitherSucceedsAndIsReadableOrThrowsAcrossARestart() throws Exception {
    try (PrivateMariaDb server = new PrivateMariaDb()) {
      server.start();
      Map<String, String> md =
          Map.of(
              "connectionString", server.jdbcUrl(),
              "schemaName", "plumb",
              "tableName", "state",
              "timeoutInSeconds", "1");
      try (TestComponentContext ctx =
              new TestComponentContext("statestore", MySqlStateProvider.TYPE, md)
                  .withClock(Clock.systemUTC());
          StateComponent store = new MySqlStateProvider().create(ctx)) {
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
                      store.set(SetRequest.of("k" + i, Integer.toString(i).getBytes(UTF_8)));
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
          await().atMost(Duration.ofSeconds(5)).until(() -> succeeded.size() >= 50);
          server.stop();
          await().atMost(Duration.ofSeconds(5)).until(() -> failed.get() >= 1);
          server.start();
          restarted.set(true);
          await().atMost(Duration.ofSeconds(10)).until(() -> succeededAfterRestart.get() >= 20);
        } finally {
          stop.set(true);
          writer.join(10_000);
        }
        assertThat(failed.get()).isPositive();
        for (int i : succeeded) {
          StateItem<byte[]> item = store.get(GetRequest.of("k" + i));
          assertThat(item).as("write %d succeeded, so it must be readable", i).isNotNull();
          assertThat(new String(item.value(), UTF_8)).isEqualTo(Integer.toString(i));
        }
      }
    }
  }
}
