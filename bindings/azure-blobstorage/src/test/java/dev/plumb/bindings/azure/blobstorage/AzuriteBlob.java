package dev.plumb.bindings.azure.blobstorage;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Azurite's Blob service (npm {@code azurite@3.35.0}, the last release for node 20) as a child
 * process on a free loopback port, in memory, started once for the test JVM (the module's tests)
 * and stopped by a shutdown hook; installed into {@code target/azurite} on first use. {@code
 * PLUMB_AZURITE_BLOB_URL} (such as {@code http://127.0.0.1:10000}) points the tests at a running
 * Azurite instead. Failing to install or start throws: the tests never skip.
 */
final class AzuriteBlob {
  static final String ACCOUNT = "devstoreaccount1";
  // Azurite's fixed, publicly documented development key.
  static final String KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
  private static final String VERSION = "3.35.0";
  private static final Path HOME =
      Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target/azurite");
  private static final Path BIN = HOME.resolve("node_modules/.bin/azurite-blob");
  private static String endpoint;

  private AzuriteBlob() {}

  static synchronized String endpoint() throws Exception {
    if (endpoint != null) {
      return endpoint;
    }
    String external = System.getenv("PLUMB_AZURITE_BLOB_URL");
    if (external != null && !external.isBlank()) {
      endpoint = external.replaceAll("/+$", "");
      return endpoint;
    }
    install();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = HOME.resolve("azurite-blob-" + port + ".log");
    Process p =
        new ProcessBuilder(
                List.of(
                    BIN.toString(),
                    "--inMemoryPersistence",
                    "--disableTelemetry",
                    "--skipApiVersionCheck",
                    "--loose",
                    "--blobHost",
                    "127.0.0.1",
                    "--blobPort",
                    Integer.toString(port),
                    "--silent"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "azurite-blob-stop"));
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              if (!p.isAlive()) {
                throw new IllegalStateException(
                    "azurite-blob exited with "
                        + p.exitValue()
                        + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
              }
              try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
              } catch (IOException e) {
                return false;
              }
            });
    endpoint = "http://127.0.0.1:" + port;
    return endpoint;
  }

  private static void install() throws Exception {
    if (Files.isExecutable(BIN)) {
      return;
    }
    Files.createDirectories(HOME);
    Path log = HOME.resolve("npm-install.log");
    Process npm;
    try {
      npm =
          new ProcessBuilder(
                  "npm",
                  "install",
                  "--no-audit",
                  "--no-fund",
                  "--prefix",
                  HOME.toString(),
                  "azurite@" + VERSION)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Azurite cannot be installed: npm is not on the PATH ("
              + e.getMessage()
              + "); install Node.js 20 with npm, or point PLUMB_AZURITE_BLOB_URL at a running"
              + " Azurite blob service",
          e);
    }
    if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0 || !Files.isExecutable(BIN)) {
      npm.destroyForcibly();
      throw new IllegalStateException(
          "npm install azurite@" + VERSION + " failed:\n" + Files.readString(log));
    }
  }

  /** Metadata for a fresh container. */
  static Map<String, String> metadata() throws Exception {
    Map<String, String> md = new HashMap<>();
    md.put("accountName", ACCOUNT);
    md.put("accountKey", KEY);
    md.put("endpoint", endpoint());
    md.put("containerName", "plumb" + UUID.randomUUID().toString().replace("-", ""));
    return md;
  }
}
