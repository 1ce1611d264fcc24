package dev.plumb.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumb.api.state.StateItem;
import dev.plumb.api.state.spi.GetRequest;
import dev.plumb.api.state.spi.SetRequest;
import dev.plumb.api.state.spi.StateComponent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Restarts a private redis-server while a loop writes (the shared server is never touched): every
 * write either succeeded and is readable afterwards, or threw; the component reconnects by itself.
 */
class ServerRestartIT {

  @Test
  void writesDuringARestartSucceedOrThrowAndTheStoreReconnects() throws Exception {
    try (RedisTestSupport.PrivateRedis server = new RedisTestSupport.PrivateRedis()) {
      Map<String, String> md =
          Map.of(
              "redisHost", "127.0.0.1:" + server.port, "dialTimeout", "300ms", "readTimeout", "1s");
      try (StateComponent store = RedisTestSupport.create(md)) {
        List<String> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch someWritten = new CountDownLatch(50);
        Thread writer =
            new Thread(
                () -> {
                  for (int i = 0; !stop.get(); i++) {
                    String key = "restart-" + i;
                    try {
                      store.set(SetRequest.of(key, key.getBytes(StandardCharsets.UTF_8)));
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
          // without persistence a restart loses the data set: only keys acknowledged after the
          // restart can be checked, so remember where the restart began
          server.stop();
          int failuresBefore = failures.size();
          Awaitility.await()
              .atMost(Duration.ofSeconds(5))
              .until(() -> failures.size() > failuresBefore);
          int ackAtRestart = acknowledged.size();
          server.start();
          Awaitility.await()
              .atMost(Duration.ofSeconds(10))
              .until(() -> acknowledged.size() > ackAtRestart + 50);
          stop.set(true);
          writer.join(10_000);
          assertThat(failures).isNotEmpty();
          List<String> afterRestart;
          synchronized (acknowledged) {
            afterRestart = new ArrayList<>(acknowledged.subList(ackAtRestart, acknowledged.size()));
          }
          for (String key : afterRestart) {
            StateItem<byte[]> item = store.get(GetRequest.of(key));
            assertThat(item).as("acknowledged write %s", key).isNotNull();
            assertThat(item.value()).isEqualTo(key.getBytes(StandardCharsets.UTF_8));
          }
        } finally {
          stop.set(true);
          writer.join(10_000);
        }
      }
    }
  }
}
