package dev.plumb.state.azure.tablestorage;

import static org.awaitility.Awaitility.await;

import com.azure.core.credential.AzureNamedKeyCredential;
import com.azure.core.http.okhttp.OkHttpAsyncHttpClientBuilder;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Azurite Table service (npm {@code azurite@3.35.0}, the last release for node 20) as a child
 * process on a free loopback port: in memory, or with a {@code --location} directory to survive
 * restarts. Installed into {@code target/azurite} once per JVM if missing. {@code
 * PLUMB_AZURITE_TABLE_URL} (for example {@code http://127.0.0.1:10002/devstoreaccount1}) points the
 * in-memory tests at an already running Azurite instead. Processes still alive at JVM exit are
 * destroyed by a shutdown hook. Failing to install or start throws: the tests never skip.
 */
final class Azurite implements AutoCloseable {
  static final String ACCOUNT = "devstoreaccount1";
  // Azurite's fixed, publicly documented development key.
  static final String KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
  private static final String VERSION = "3.35.0";
  private static final Path HOME =
      Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target/azurite");
  private static final Path BIN = HOME.resolve("node_modules/.bin/azurite-table");
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
  private static boolean installed;

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "azurite-stop"));
  }

  private final String externalUrl;
  private final Path location;
  private final int port;
  private Process process;

  private Azurite(String externalUrl, Path location, int port) {
    this.externalUrl = externalUrl;
    this.location = location;
    this.port = port;
  }

  /** Starts an in-memory Azurite, or uses {@code PLUMB_AZURITE_TABLE_URL} if set. */
  static Azurite startInMemory() throws Exception {
    String url = System.getenv("PLUMB_AZURITE_TABLE_URL");
    if (url != null && !url.isBlank()) {
      return new Azurite(url.replaceAll("/+$", ""), null, -1);
    }
    Azurite a = new Azurite(null, null, freePort());
    a.start();
    return a;
  }

  /** Creates (does not start) an Azurite keeping its data in {@code location}. */
  static Azurite persistent(Path location) throws IOException {
    return new Azurite(null, location, freePort());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static synchronized void install() throws Exception {
    if (installed || Files.isExecutable(BIN)) {
      installed = true;
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
              + "); install Node.js 20 with npm, or point PLUMB_AZURITE_TABLE_URL at a running"
              + " Azurite table service",
          e);
    }
    if (!npm.waitFor(5, TimeUnit.MINUTES)) {
      npm.destroyForcibly();
      throw new IllegalStateException("npm install azurite@" + VERSION + " timed out; see " + log);
    }
    if (npm.exitValue() != 0 || !Files.isExecutable(BIN)) {
      throw new IllegalStateException(
          "npm install azurite@"
              + VERSION
              + " failed (exit "
              + npm.exitValue()
              + "):\n"
              + Files.readString(log, StandardCharsets.UTF_8));
    }
    installed = true;
  }

  /** Starts the process (again, on the same port and location) and waits until it accepts. */
  synchronized void start() throws Exception {
    if (externalUrl != null) {
      throw new IllegalStateException("an external Azurite cannot be started");
    }
    install();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                BIN.toString(),
                "--disableTelemetry",
                "--skipApiVersionCheck",
                "--loose",
                "--tableHost",
                "127.0.0.1",
                "--tablePort",
                Integer.toString(port),
                "--silent"));
    if (location == null) {
      cmd.add("--inMemoryPersistence");
    } else {
      cmd.addAll(List.of("--location", location.toString()));
    }
    Path log = HOME.resolve("azurite-table-" + port + ".log");
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    LIVE.add(p);
    process = p;
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                if (!p.isAlive()) {
                  throw new IllegalStateException(
                      "azurite-table exited with "
                          + p.exitValue()
                          + ":\n"
                          + Files.readString(log, StandardCharsets.UTF_8));
                }
                return accepts();
              });
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  private boolean accepts() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Stops the process gracefully. Azurite saves its LokiJS store only on SIGINT (SIGTERM exits at
   * once, and its autosave runs every 5 s), so SIGINT it is.
   */
  synchronized void stop() throws InterruptedException {
    Process p = process;
    process = null;
    if (p == null) {
      return;
    }
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor();
    } catch (IOException e) {
      p.destroy();
    }
    if (!p.waitFor(15, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    LIVE.remove(p);
  }

  String serviceUrl() {
    return externalUrl != null ? externalUrl : "http://127.0.0.1:" + port + "/" + ACCOUNT;
  }

  /** A fresh table name: letters and digits, as Azure requires. */
  static String randomTable() {
    return "plumb" + UUID.randomUUID().toString().replace("-", "");
  }

  /** Component metadata for a fresh random table on this server. */
  Map<String, String> metadata() {
    Map<String, String> md = new HashMap<>();
    md.put("accountName", ACCOUNT);
    md.put("accountKey", KEY);
    md.put("serviceURL", serviceUrl());
    md.put("tableName", randomTable());
    return md;
  }

  /** A raw client, to inspect and prepare tables. */
  TableServiceClient client() {
    return new TableServiceClientBuilder()
        .endpoint(serviceUrl())
        .credential(new AzureNamedKeyCredential(ACCOUNT, KEY))
        .httpClient(new OkHttpAsyncHttpClientBuilder().build())
        .buildClient();
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping Azurite", e);
    }
  }
}
