package dev.plumb.benchmarks.pubsub;

import dev.plumb.api.pubsub.PubSub;
import dev.plumb.api.pubsub.PublishOptions;
import dev.plumb.runtime.Plumb;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Publishing a 100-byte message through Plumb ({@code pubsub.jetstream}: scope check, invoker,
 * telemetry, the CloudEvent-id probe, the stream cache) against a raw jnats {@code
 * JetStream.publish}, both waiting for the server's {@code PubAck} of each message, to file-backed
 * streams on a private {@code nats-server -js} that the benchmark starts on a free port (never the
 * shared server). Goal: Plumb at least 0.90x raw throughput.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class JetStreamPublishBenchmark {
  private Path dir;
  private Process server;
  private Plumb plumb;
  private PubSub pubsub;
  private Connection connection;
  private JetStream raw;
  private final byte[] payload = new byte[100];
  private final PublishOptions rawPayload = PublishOptions.builder().rawPayload(true).build();

  /**
   * Starts the server and both publishers.
   *
   * @throws Exception if the server does not start
   */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    dir = Files.createTempDirectory("plumb-bench-nats-");
    server =
        new ProcessBuilder(
                "nats-server",
                "-js",
                "-a",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-sd",
                dir.resolve("store").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("nats.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!accepting(port)) {
      if (System.nanoTime() > deadline) {
        throw new IOException("nats-server did not start on port " + port);
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    String url = "nats://127.0.0.1:" + port;
    plumb =
        Plumb.builder()
            .appId("bench")
            .component("ps", "pubsub.jetstream", Map.of("natsURL", url))
            .build();
    pubsub = plumb.pubSub("ps");
    connection = Nats.connect(url);
    connection
        .jetStreamManagement()
        .addStream(
            StreamConfiguration.builder()
                .name("bench-raw")
                .subjects("bench-raw")
                .storageType(StorageType.File)
                .build());
    raw = connection.jetStream();
    pubsub.publish("bench-plumb", payload, rawPayload);
    raw.publish("bench-raw", payload);
  }

  private static boolean accepting(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return s.isConnected();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Stops everything and deletes the server's data.
   *
   * @throws Exception if stopping is interrupted
   */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    plumb.close();
    connection.close();
    server.destroy();
    server.waitFor(10, TimeUnit.SECONDS);
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  /** Plumb: one publish, returning once the stream stored it. */
  @Benchmark
  public void plumb() {
    pubsub.publish("bench-plumb", payload, rawPayload);
  }

  /**
   * Raw with the headers Plumb's message carries (its metadata {@code rawPayload} and {@code
   * contentType}): the same bytes on the wire, so the difference to {@link #plumb()} is Plumb's own
   * work.
   *
   * @throws IOException if the publish fails
   * @throws JetStreamApiException if the server refuses it
   */
  @Benchmark
  public void rawSameHeaders() throws IOException, JetStreamApiException {
    Headers h = new Headers();
    h.put("rawPayload", "true");
    h.put("contentType", "application/octet-stream");
    raw.publish("bench-raw", h, payload);
  }

  /**
   * Raw: one JetStream publish, waiting for its {@code PubAck}.
   *
   * @throws IOException if the publish fails
   * @throws JetStreamApiException if the server refuses it
   */
  @Benchmark
  public void raw() throws IOException, JetStreamApiException {
    raw.publish("bench-raw", payload);
  }
}
