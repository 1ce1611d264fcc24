package dev.plumb.pubsub.rabbitmq;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A private, throw-away RabbitMQ node on free loopback ports, for tests that stop the broker: its
 * own node name, AMQP and distribution ports, Mnesia and log directories, cookie ({@code HOME}), an
 * empty plugin list and config, all under a temporary directory, so the shared node (5672, {@code
 * rabbit@localhost}) is never touched. It runs {@code /usr/lib/rabbitmq/bin/rabbitmq-server}
 * directly (the Debian wrapper would switch users) and stops it with SIGTERM, which the script
 * turns into an orderly shutdown; the Mnesia directory is kept between stop and start, so durable
 * queues and persistent messages survive a restart. Fails loudly when RabbitMQ is not installed.
 */
final class PrivateRabbitMq implements AutoCloseable {
  private static final String SERVER = "/usr/lib/rabbitmq/bin/rabbitmq-server";
  final int port;
  private final int distPort;
  private final String node;
  private final Path dir;
  private Process process;

  PrivateRabbitMq() throws IOException {
    this.port = freePort();
    this.distPort = freePort();
    this.node = "plumb-it-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
    this.dir = Files.createTempDirectory("plumb-pubsub-rabbitmq-");
    Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
    Files.writeString(dir.resolve("rabbitmq.conf"), "loopback_users = none\n");
    Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
    start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The AMQP address of this node. */
  String url() {
    return "amqp://guest:guest@127.0.0.1:" + port;
  }

  /** Starts the node and waits until it accepts AMQP connections (about 5 to 20 s here). */
  void start() throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(SERVER)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()));
    Map<String, String> env = pb.environment();
    env.put("HOME", dir.toString());
    env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
    env.put("RABBITMQ_NODENAME", node);
    env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
    env.put("RABBITMQ_NODE_PORT", Integer.toString(port));
    env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
    env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
    env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
    env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
    env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
    env.put("RABBITMQ_PID_FILE", dir.resolve("rabbitmq.pid").toString());
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new IOException(
          "cannot start " + SERVER + " (install it: apt-get install rabbitmq-server)", e);
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "the private RabbitMQ node exited; see " + dir.resolve("server.log"));
              }
              return accepting();
            });
  }

  /** Stops the node the way an operator does (SIGTERM, an orderly shutdown). */
  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  boolean accepting() {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return s.isConnected();
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    stop();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
