package dev.plumb.common.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A throw-away {@code redis-server} process (server, cluster node or sentinel) on a free loopback
 * port, in its own temporary directory, so these tests never touch the shared server. Processes
 * still alive at JVM exit are destroyed by a shutdown hook.
 */
final class PrivateRedis implements AutoCloseable {
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> LIVE.forEach(Process::destroyForcibly), "private-redis-stop"));
  }

  final int port;
  final Path dir;
  private final Process process;

  private PrivateRedis(int port, Path dir, List<String> command) throws IOException {
    this.port = port;
    this.dir = dir;
    this.process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
    LIVE.add(process);
    try {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(this::accepting);
    } catch (RuntimeException e) {
      close();
      throw new IOException(
          "redis-server did not start: " + Files.readString(dir.resolve("redis.log")), e);
    }
  }

  /**
   * Starts a server listening on plain TCP, with extra configuration arguments.
   *
   * @param args extra {@code redis-server} arguments, such as {@code --requirepass pw}
   */
  static PrivateRedis server(String... args) throws IOException {
    int port = freePort();
    return start(port, List.of("--port", Integer.toString(port)), args);
  }

  /** Starts a cluster-enabled server; its cluster bus gets a free port of its own. */
  static PrivateRedis clusterNode() throws IOException {
    return server(
        "--cluster-enabled",
        "yes",
        "--cluster-config-file",
        "nodes.conf",
        "--cluster-port",
        Integer.toString(freePort()));
  }

  /** Starts a server listening on TLS only, on the returned port. */
  static PrivateRedis tlsServer(String... args) throws IOException {
    int port = freePort();
    return start(port, List.of("--port", "0", "--tls-port", Integer.toString(port)), args);
  }

  private static PrivateRedis start(int port, List<String> listen, String... args)
      throws IOException {
    Path dir = Files.createTempDirectory("plumb-common-redis-");
    List<String> command = new ArrayList<>(List.of("redis-server"));
    command.addAll(listen);
    command.addAll(
        List.of(
            "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
    command.addAll(List.of(args));
    return new PrivateRedis(port, dir, command);
  }

  /**
   * Starts a sentinel monitoring {@code master} as {@code mymaster}.
   *
   * @param master the monitored server
   * @param masterPassword the master's password, or {@code null}
   * @param sentinelPassword the sentinel's own password, or {@code null}
   */
  static PrivateRedis sentinel(PrivateRedis master, String masterPassword, String sentinelPassword)
      throws IOException {
    int port = freePort();
    Path dir = Files.createTempDirectory("plumb-common-sentinel-");
    StringBuilder conf = new StringBuilder();
    conf.append("port ").append(port).append('\n');
    conf.append("bind 127.0.0.1\n");
    conf.append("dir ").append(dir).append('\n');
    conf.append("sentinel monitor mymaster 127.0.0.1 ").append(master.port).append(" 1\n");
    if (masterPassword != null) {
      conf.append("sentinel auth-pass mymaster ").append(masterPassword).append('\n');
    }
    if (sentinelPassword != null) {
      conf.append("requirepass ").append(sentinelPassword).append('\n');
    }
    Path file = dir.resolve("sentinel.conf");
    Files.writeString(file, conf);
    return new PrivateRedis(port, dir, List.of("redis-server", file.toString(), "--sentinel"));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * Runs a command to completion in {@code dir} and returns its output; fails on a non-zero exit.
   */
  static String exec(Path dir, String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
    return out;
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
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    LIVE.remove(process);
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
