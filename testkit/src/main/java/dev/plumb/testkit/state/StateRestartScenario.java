package dev.plumb.testkit.state;

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
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;

/**
 * The fault scenario every real-server state provider runs: a loop writes while the server stops
 * and starts again. Every write either succeeded and is readable afterwards, or threw; and the
 * component reconnects by itself. Restart a private server, never one that other tests share.
 */
public final class StateRestartScenario {

  /** Stops or starts the server; returns once it is done. */
  @FunctionalInterface
  public interface ServerAction {
    /**
     * Runs the action.
     *
     * @throws Exception if the server cannot be stopped or started
     */
    void run() throws Exception;
  }

  private StateRestartScenario() {}

  /**
   * Runs the scenario. Values are JSON strings, which every store accepts.
   *
   * @param store a started component connected to the server
   * @param stopServer stops the server; returns once it refuses connections
   * @param startServer starts it again on the same address; returns once it accepts connections
   * @param keepsData whether the server keeps its data across a restart; if not, only writes
   *     acknowledged after the restart are checked
   * @throws Exception if the server cannot be restarted or the writer cannot be joined
   */
  public static void run(
      StateComponent store, ServerAction stopServer, ServerAction startServer, boolean keepsData)
      throws Exception {
    List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
    List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean stop = new AtomicBoolean();
    Thread writer =
        new Thread(
            () -> {
              for (int i = 0; !stop.get(); i++) {
                // Prefixed as the runtime prefixes keys: stores that partition by prefix need one.
                String key = "plumb-restart||" + i;
                try {
                  store.set(SetRequest.of(key, json(key)));
                  acknowledged.add(key);
                } catch (Exception e) {
                  failures.add(e);
                }
              }
            },
            "plumb-restart-writer");
    writer.start();
    int ackAtRestart;
    try {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.size() >= 30);
      stopServer.run();
      // Bounds are generous: some clients retry a refused connection with back-off first, and a
      // request caught by the stop may wait out its client's socket timeout (30 s in the AWS SDK).
      Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> !failures.isEmpty());
      ackAtRestart = acknowledged.size();
      startServer.run();
      Awaitility.await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> acknowledged.size() >= ackAtRestart + 20);
    } finally {
      stop.set(true);
      writer.join(90_000);
    }
    assertThat(writer.isAlive()).as("the writer stopped").isFalse();
    assertThat(failures).as("writes while the server was down").isNotEmpty();
    List<String> check;
    synchronized (acknowledged) {
      check =
          new ArrayList<>(
              keepsData ? acknowledged : acknowledged.subList(ackAtRestart, acknowledged.size()));
    }
    for (String key : check) {
      StateItem<byte[]> item = store.get(GetRequest.of(key));
      assertThat(item).as("acknowledged write %s must be readable", key).isNotNull();
      assertThat(item.value()).isEqualTo(json(key));
    }
  }

  private static byte[] json(String s) {
    return ("\"" + s + "\"").getBytes(StandardCharsets.UTF_8);
  }
}
