package dev.plumb.pubsub.jetstream;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A private, throw-away {@code nats-server -js} on a free loopback port with its own store
 * directory, so that a restart keeps the streams and consumers, as a production server would. The
 * shared server is never touched. Fails loudly when {@code nats-server} is not installed.
 */
final class PrivateNats implements AutoCloseable {
  final int port;
  private final Path dir;
  private final List<String> extra;
  private Process process;

  /**
   * Starts the server.
   *
   * @param extra more command-line options, such as {@code --auth <token>}
   */
  PrivateNats(String... extra) throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
    this.dir = Files.createTempDirectory("plumb-pubsub-jetstream-");
    this.extra = List.of(extra);
    start();
  }

  String url() {
    return "nats://127.0.0.1:" + port;
  }

  /** The component metadata that reaches this server. */
  Map<String, String> metadata() {
    return Map.of("natsURL", url());
  }

  void start() throws IOException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                "nats-server",
                "-js",
                "-a",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-sd",
                dir.resolve("store").toString()));
    command.addAll(extra);
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nats.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new IOException(
          "cannot start nats-server (install it: apt-get install nats-server): " + e.getMessage(),
          e);
    }
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(this::accepting);
  }

  /** Stops the server the way an operator does (SIGTERM): it syncs its store and exits. */
  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private boolean accepting() {
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
