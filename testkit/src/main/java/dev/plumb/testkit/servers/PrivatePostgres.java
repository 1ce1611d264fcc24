package dev.plumb.testkit.servers;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private, throw-away PostgreSQL cluster on a free loopback port, made with the machine's own
 * {@code initdb} and run by {@code pg_ctl} as user {@code postgres} (the newest version under
 * {@code /usr/lib/postgresql}), so that a fault test can stop and restart a server without touching
 * the shared one. Trust authentication, {@code fsync} off. Not thread-safe; {@link #close()} stops
 * the server and deletes its files.
 */
public final class PrivatePostgres implements AutoCloseable {
  private final int port;
  private final Path dir;
  private final Path bin;

  /**
   * Creates and starts the cluster.
   *
   * @throws IOException if no PostgreSQL binaries are installed or a command fails
   */
  public PrivatePostgres() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      this.bin =
          versions
              .map(v -> v.resolve("bin"))
              .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
              .max(Comparator.naturalOrder())
              .orElseThrow(
                  () -> new IOException("no PostgreSQL binaries under /usr/lib/postgresql"));
    }
    this.dir = Files.createTempDirectory("plumb-pg-");
    run("chown", "postgres:postgres", dir.toString());
    asPostgres(
        bin.resolve("initdb").toString(),
        "-D",
        dir.resolve("data").toString(),
        "-A",
        "trust",
        "-U",
        "postgres",
        "--no-sync");
    start();
  }

  /**
   * Returns the port the server listens on.
   *
   * @return the port on 127.0.0.1
   */
  public int port() {
    return port;
  }

  /**
   * Returns a connection string in Dapr's key=value form, to database {@code postgres}.
   *
   * @return the connection string
   */
  public String connectionString() {
    return "host=127.0.0.1 port=" + port + " user=postgres dbname=postgres";
  }

  /**
   * Starts the server (again), waiting until it accepts connections.
   *
   * @throws IOException if {@code pg_ctl} fails
   */
  public void start() throws IOException {
    asPostgres(
        bin.resolve("pg_ctl").toString(),
        "-D",
        dir.resolve("data").toString(),
        "-l",
        dir.resolve("log").toString(),
        "-w",
        "-o",
        "-p "
            + port
            + " -c listen_addresses=127.0.0.1 -c unix_socket_directories="
            + dir
            + " -c fsync=off",
        "start");
  }

  /**
   * Stops the server (fast shutdown), waiting until it is down.
   *
   * @throws IOException if {@code pg_ctl} fails
   */
  public void stop() throws IOException {
    asPostgres(
        bin.resolve("pg_ctl").toString(),
        "-D",
        dir.resolve("data").toString(),
        "-m",
        "fast",
        "-w",
        "stop");
  }

  private void asPostgres(String... command) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    cmd.addAll(List.of(command));
    run(cmd.toArray(new String[0]));
  }

  private void run(String... command) throws IOException {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out: " + String.join(" ", command));
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    }
    if (p.exitValue() != 0) {
      throw new IOException("failed (" + p.exitValue() + "): " + String.join(" ", command));
    }
  }

  @Override
  public void close() throws IOException {
    try {
      stop();
    } catch (IOException e) {
      // already stopped
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
