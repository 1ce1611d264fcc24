package dev.plumb.pubsub.mqtt3;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A private, throw-away Mosquitto on a free loopback port, with persistence on (sessions and queued
 * QoS 1 messages survive a restart, as on a production broker), no limit on queued messages, and a
 * wider in-flight window than the default 20. The shared broker is never touched. Fails loudly when
 * {@code mosquitto} is not installed.
 */
final class PrivateMosquitto implements AutoCloseable {
  final int port;
  private final Path dir;
  private Process process;

  PrivateMosquitto() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
    this.dir = Files.createTempDirectory("plumb-pubsub-mqtt3-");
    // Started as root, Mosquitto drops to the 'mosquitto' user, which must write its database here.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.writeString(
        dir.resolve("mosquitto.conf"),
        "listener "
            + port
            + " 127.0.0.1\n"
            + "allow_anonymous true\n"
            + "persistence true\n"
            + "persistence_location "
            + dir
            + "/\n"
            + "max_queued_messages 0\n"
            + "max_inflight_messages 200\n"
            + "log_dest stdout\n");
    start();
  }

  /** The {@code url} of this broker. */
  String url() {
    return "tcp://127.0.0.1:" + port;
  }

  void start() throws IOException {
    try {
      process =
          new ProcessBuilder("mosquitto", "-c", dir.resolve("mosquitto.conf").toString())
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new IOException(
          "cannot start mosquitto (install it: apt-get install mosquitto): " + e.getMessage(), e);
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(this::accepting);
  }

  /** Stops the broker the way an operator does (SIGTERM): it writes its persistence file. */
  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
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
