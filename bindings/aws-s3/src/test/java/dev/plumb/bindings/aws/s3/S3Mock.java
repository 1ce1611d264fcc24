package dev.plumb.bindings.aws.s3;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * S3Mock ({@code com.adobe.testing:s3mock:5.2.0}, its runnable jar copied by the build) in a child
 * JVM on a free loopback port, started once for the test JVM (the module's tests) and stopped by a
 * shutdown hook; {@code PLUMB_S3_URL} points the tests at a running S3-compatible server instead.
 * Failing to start throws: the tests never skip.
 */
final class S3Mock {
  static final String BUCKET = "plumb-it";
  private static String url;

  private S3Mock() {}

  static synchronized String url() throws Exception {
    if (url != null) {
      return url;
    }
    String external = System.getenv("PLUMB_S3_URL");
    if (external != null && !external.isBlank()) {
      url = external.replaceAll("/+$", "");
      return url;
    }
    String jar = System.getProperty("plumb.s3mock.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "S3Mock's jar is missing ("
              + jar
              + "): run the tests through Maven (mvn verify), which copies it, or point"
              + " PLUMB_S3_URL at a running S3-compatible server");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path root = Files.createTempDirectory("s3mock");
    Path log = root.resolveSibling(root.getFileName() + ".log");
    Process p =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m",
                    "-jar",
                    jar,
                    "--http.port=" + port,
                    "--server.port=0",
                    "--server.address=127.0.0.1",
                    "--com.adobe.testing.s3mock.store.root=" + root,
                    "--com.adobe.testing.s3mock.store.initial-buckets=" + BUCKET))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  p.destroy();
                  try {
                    p.waitFor(10, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "s3mock-stop"));
    String u = "http://127.0.0.1:" + port;
    HttpClient http = HttpClient.newHttpClient();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(
            () -> {
              if (!p.isAlive()) {
                throw new IllegalStateException(
                    "S3Mock exited with " + p.exitValue() + ":\n" + Files.readString(log));
              }
              return http.send(
                          HttpRequest.newBuilder(URI.create(u + "/")).build(),
                          HttpResponse.BodyHandlers.discarding())
                      .statusCode()
                  == 200;
            });
    url = u;
    return url;
  }

  static Map<String, String> metadata() throws Exception {
    Map<String, String> md = new HashMap<>();
    md.put("bucket", BUCKET);
    md.put("endpoint", url());
    md.put("region", "us-east-1");
    md.put("accessKey", "test");
    md.put("secretKey", "test");
    md.put("forcePathStyle", "true");
    return md;
  }

  static String key() {
    return "it/" + UUID.randomUUID();
  }
}
