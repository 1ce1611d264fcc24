package dev.plumb.benchmarks.pubsub;

import dev.plumb.api.pubsub.PubSub;
import dev.plumb.api.pubsub.PublishOptions;
import dev.plumb.runtime.Plumb;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
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
 * Publishing a 100-byte record through Plumb ({@code pubsub.kafka}: scope check, invoker,
 * telemetry, headers, Dapr's partitioner) against a raw {@link KafkaProducer} with the same
 * settings ({@code acks=all}, {@code linger.ms=0}, default batch size, idempotence), both waiting
 * for the broker's acknowledgement of each record, against one Kafka 4 broker started in this JVM.
 * Goal: Plumb at least 0.90x raw throughput.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KafkaPublishBenchmark {
  private Path dir;
  private KafkaRaftServer broker;
  private Plumb plumb;
  private PubSub pubsub;
  private KafkaProducer<byte[], byte[]> raw;
  private final byte[] payload = new byte[100];
  private final PublishOptions rawPayload = PublishOptions.builder().rawPayload(true).build();

  /** Starts the broker and both publishers. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    int port = freePort();
    int controller = freePort();
    dir = Files.createTempDirectory("plumb-bench-kafka-");
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controller);
    props.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", dir.resolve("logs").toString());
    props.put("offsets.topic.replication.factor", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    Path config = dir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(config)) {
      props.store(out, null);
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    if (StorageTool.execute(
            new String[] {
              "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--standalone"
            },
            new PrintStream(log, true, StandardCharsets.UTF_8))
        != 0) {
      throw new IOException("formatting failed: " + log);
    }
    broker = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    broker.startup();
    String bootstrap = "127.0.0.1:" + port;
    plumb =
        Plumb.builder()
            .appId("bench")
            .component("ps", "pubsub.kafka", Map.of("brokers", bootstrap, "authType", "none"))
            .build();
    pubsub = plumb.pubSub("ps");
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    p.put(ProducerConfig.RETRIES_CONFIG, "5");
    raw = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    pubsub.publish("bench-plumb", payload, rawPayload);
    raw.send(new ProducerRecord<>("bench-raw", payload));
    raw.flush();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Stops everything and deletes the broker's data. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    plumb.close();
    raw.close();
    broker.shutdown();
    broker.awaitShutdown();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  /** Plumb: one publish, returning once the broker acknowledged it. */
  @Benchmark
  public void plumb() {
    pubsub.publish("bench-plumb", payload, rawPayload);
  }

  /**
   * Raw: one send, waiting for its acknowledgement.
   *
   * @throws Exception if the send fails
   */
  @Benchmark
  public void raw() throws Exception {
    raw.send(new ProducerRecord<>("bench-raw", payload)).get();
  }
}
