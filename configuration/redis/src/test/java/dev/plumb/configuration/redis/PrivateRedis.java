package dev.plumb.configuration.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A throw-away {@code redis-server} on a free loopback port, in its own temporary directory: the
 * subscriptions need {@code notify-keyspace-events}, which these tests must not change on the
 * shared server. One server per argument list for the whole module run ({@link #shared}); all are
 * destroyed at JVM exit.
 */
final class PrivateRedis {
  private static final Map<List<String>, PrivateRedis> SERVERS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () ->
                    SERVERS
                        .values()
                        .forEach(
                            r -> {
                              r.stop();
                              r.deleteDir();
                            }),
                "private-redis-stop"));
  }

  final int port;
  private final Path dir;
  private final List<String> args;
  private Process process;

  private PrivateRedis(List<String> args) throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    dir = Files.createTempDirectory("plumb-configuration-redis-");
    this.args = args;
    launch();
  }

  /** Starts a server of its own, for a test that stops it; {@link #close()} it. */
  static PrivateRedis own(String... args) throws IOException {
    PrivateRedis r = new PrivateRedis(List.of(args));
    // Registered so that a failing test's server still dies with the JVM.
    SERVERS.put(List.of("own", Integer.toString(r.port)), r);
    return r;
  }

  /** Stops the server and starts it again on the same port, empty (nothing is persisted). */
  void restart() throws IOException {
    stop();
    launch();
  }

  void close() {
    SERVERS.remove(List.of("own", Integer.toString(port)));
    stop();
    deleteDir();
  }

  private void launch() throws IOException {
    List<String> command = new ArrayList<>(List.of("redis-server", "--port", "" + port));
    command.addAll(
        List.of(
            "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
    command.addAll(args);
    try {
      process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.log").toFile())
              .start();
    } catch (IOException e) {
      throw new IOException(
          "redis-server could not be started (is it installed? Debian: apt-get install"
              + " redis-server): "
              + e.getMessage(),
          e);
    }
    try {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(this::accepting);
    } catch (RuntimeException e) {
      process.destroyForcibly();
      throw new IOException(
          "redis-server did not start: " + Files.readString(dir.resolve("redis.log")), e);
    }
  }

  /**
   * Returns the module's server started with these arguments, starting it on first use.
   *
   * @param args extra {@code redis-server} arguments
   */
  static PrivateRedis shared(String... args) {
    return SERVERS.computeIfAbsent(
        List.of(args),
        a -> {
          try {
            return new PrivateRedis(a);
          } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
          }
        });
  }

  String host() {
    return "127.0.0.1:" + port;
  }

  private boolean accepting() {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return s.isConnected();
    } catch (IOException e) {
      return false;
    }
  }

  private void stop() {
    Process process = this.process;
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void deleteDir() {
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary directory is harmless.
    }
  }
}
