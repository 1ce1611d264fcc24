package dev.plumb.common.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A Kafka 4 broker in KRaft mode (combined broker and controller), in this JVM, from the Maven
 * Central artifacts (TEST-SERVERS.md 4a): free loopback ports, a fresh log directory, formatted on
 * first start. {@link #stop()} and {@link #start()} restart it on the same ports and data, as an
 * operator's restart would. {@link #shared()} is the one broker of a test run. Shared with the
 * tests of {@code pubsub/kafka} and {@code bindings/kafka} through this module's test jar.
 */
public final class KafkaTestBroker implements AutoCloseable {
  private static KafkaTestBroker shared;

  private final int port;
  private final Path dir;
  private final Properties props = new Properties();
  private KafkaRaftServer server;

  /**
   * Formats a log directory and starts a broker on it.
   *
   * @throws IOException if the directory cannot be made or formatted
   */
  public KafkaTestBroker() throws IOException {
    this.port = freePort();
    int controller = freePort();
    this.dir = Files.createTempDirectory("plumb-kafka-");
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
    props.put("num.partitions", "3");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "3");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("group.min.session.timeout.ms", "500");
    Path config = dir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(config)) {
      props.store(out, null);
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int rc =
        StorageTool.execute(
            new String[] {
              "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--standalone"
            },
            new PrintStream(log, true, StandardCharsets.UTF_8));
    if (rc != 0) {
      throw new IOException("formatting the Kafka log directory failed: " + log);
    }
    start();
  }

  /**
   * Returns the broker every test of this run shares, started on first use.
   *
   * @return the broker
   * @throws IOException if it cannot be started
   */
  public static synchronized KafkaTestBroker shared() throws IOException {
    if (shared == null) {
      shared = new KafkaTestBroker();
      KafkaTestBroker b = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(b::close));
    }
    return shared;
  }

  /**
   * Returns the broker's address.
   *
   * @return {@code host:port}
   */
  public String bootstrap() {
    return "127.0.0.1:" + port;
  }

  /**
   * Returns the component metadata that reaches this broker, as Dapr's conformance config sets it.
   *
   * @return a new mutable map
   */
  public Map<String, String> metadata() {
    Map<String, String> md = new LinkedHashMap<>();
    md.put("brokers", bootstrap());
    md.put("authType", "none");
    md.put("initialOffset", "oldest");
    md.put("sessionTimeout", "6s");
    md.put("heartbeatInterval", "1s");
    return md;
  }

  /** Starts the broker on its ports and data. */
  public synchronized void start() {
    server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    server.startup();
  }

  /** Stops the broker, keeping its data. */
  public synchronized void stop() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    stop();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory; the OS cleans it
    }
  }
}
