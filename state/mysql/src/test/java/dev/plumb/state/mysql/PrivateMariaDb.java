package dev.plumb.state.mysql;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away {@code mariadbd} on a free loopback port, for tests that stop and start the server
 * (the shared MariaDB on 3306 must never be restarted). Needs the Debian {@code mariadb-server}
 * binaries on the PATH.
 */
final class PrivateMariaDb implements AutoCloseable {
  private final Path dir;
  private final int port;
  private Process process;

  PrivateMariaDb() throws Exception {
    dir = Files.createTempDirectory("plumb-mariadb-");
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try {
      run(
          List.of(
              "mariadb-install-db",
              "--no-defaults",
              "--datadir=" + dir.resolve("data"),
              "--user=root",
              "--auth-root-authentication-method=normal",
              "--skip-test-db"));
    } catch (Exception e) {
      deleteDir();
      throw e;
    }
  }

  int port() {
    return port;
  }

  String jdbcUrl() {
    return "jdbc:mariadb://127.0.0.1:" + port + "/mysql?user=root";
  }

  void start() throws IOException {
    process =
        new ProcessBuilder(
                "mariadbd",
                "--no-defaults",
                "--datadir=" + dir.resolve("data"),
                "--socket=" + dir.resolve("mysqld.sock"),
                "--pid-file=" + dir.resolve("mysqld.pid"),
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--user=root",
                "--skip-log-bin",
                "--innodb-buffer-pool-size=32M")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()))
            .start();
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> {
              try (Connection c = DriverManager.getConnection(jdbcUrl())) {
                return c.isValid(1);
              }
            });
  }

  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    process = null;
  }

  @Override
  public void close() throws IOException {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteDir();
  }

  private void deleteDir() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private void run(List<String> command) throws Exception {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("install.log").toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "mariadb-install-db failed: " + Files.readString(dir.resolve("install.log")));
    }
  }
}
