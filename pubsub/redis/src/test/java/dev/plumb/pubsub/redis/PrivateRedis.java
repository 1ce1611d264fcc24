package dev.plumb.pubsub.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A private, throw-away {@code redis-server} on a free loopback port, with an append-only file so
 * that a restart keeps the streams, as a production broker would. The shared server is never
 * touched. Fails loudly when {@code redis-server} is not installed.
 */
final class PrivateRedis implements AutoCloseable {
  final int port;
  private final Path dir;
  private Process process;

  PrivateRedis() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
    this.dir = Files.createTempDirectory("plumb-pubsub-redis-");
    start();
  }

  /** The component metadata that reaches this server. */
  Map<String, String> metadata() {
    return Map.of("redisHost", "127.0.0.1:" + port);
  }

  void start() throws IOException {
    try {
      process =
          new ProcessBuilder(
                  "redis-server",
                  "--port",
                  Integer.toString(port),
                  "--bind",
                  "127.0.0.1",
                  "--save",
                  "",
                  "--appendonly",
                  "yes",
                  "--dir",
                  dir.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new IOException(
          "cannot start redis-server (install it: apt-get install redis-server): " + e.getMessage(),
          e);
    }
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(this::accepting);
  }

  /** Stops the server the way an operator does (SIGTERM): it writes its append-only file. */
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
