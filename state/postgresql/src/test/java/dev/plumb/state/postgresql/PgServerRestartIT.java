package dev.plumb.state.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Restarts a private PostgreSQL cluster while a loop writes: every write either succeeded and is
 * readable afterwards, or threw; the pool reconnects by itself.
 */
class PgServerRestartIT {

  @Test
  void writesDuringARestartSucceedOrThrowAndThePoolReconnects() throws Exception {
    try (PrivatePostgres server = new PrivatePostgres()) {
      Map<String, String> md =
          Map.of("connectionString", server.connectionString(), "timeout", "2s");
      try (StateComponent store = PgTestSupport.create("v1", md)) {
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch someWritten = new CountDownLatch(30);
        Thread writer =
            new Thread(
                () -> {
                  for (int i = 0; !stop.get(); i++) {
                    String key = "restart-" + i;
                    try {
                      store.set(
                          SetRequest.of(key, ("\"" + key + "\"").getBytes(StandardCharsets.UTF_8)));
                      acknowledged.add(key);
                      someWritten.countDown();
                    } catch (Exception e) {
                      failures.add(e);
                    }
                  }
                });
        writer.start();
        try {
          someWritten.await();
          server.stop();
          Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !failures.isEmpty());
          int ackAtRestart = acknowledged.size();
          server.start();
          Awaitility.await()
              .atMost(Duration.ofSeconds(15))
              .until(() -> acknowledged.size() > ackAtRestart + 30);
        } finally {
          stop.set(true);
          writer.join(10_000);
        }
        assertThat(failures).isNotEmpty();
        // the cluster shut down cleanly, so every acknowledged write, before or after, is there
        List<String> all;
        synchronized (acknowledged) {
          all = new ArrayList<>(acknowledged);
        }
        for (String key : all) {
          StateItem<byte[]> item = store.get(GetRequest.of(key));
          assertThat(item).as("acknowledged write %s", key).isNotNull();
          assertThat(item.value()).isEqualTo(("\"" + key + "\"").getBytes(StandardCharsets.UTF_8));
        }
      }
    }
  }
}
