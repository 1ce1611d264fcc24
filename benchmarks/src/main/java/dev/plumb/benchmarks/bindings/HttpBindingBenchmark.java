package dev.plumb.benchmarks.bindings;

import com.sun.net.httpserver.HttpServer;
import dev.plumb.api.bindings.BindingResponse;
import dev.plumb.api.bindings.OutputBinding;
import dev.plumb.runtime.Plumb;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Plumb's {@code bindings.http}, through the public {@link OutputBinding} API, against the JDK
 * {@link HttpClient} sending the same requests (HTTP/1.1, same headers) to the same local server,
 * in one run (goal: Plumb at most 1.10x raw): a GET answering 1 KB and a POST of 1 KB answered
 * empty. The server is the JDK's {@code com.sun.net.httpserver} on loopback.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HttpBindingBenchmark {
  private static final String JSON = "application/json; charset=utf-8";

  private HttpServer server;
  private ExecutorService serverThreads;
  private Plumb plumb;
  private OutputBinding api;
  private HttpClient raw;
  private URI getUri;
  private URI postUri;
  private byte[] body;

  /** Starts the server, Plumb and the raw client. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    // The JDK server otherwise leaves Nagle on: headers and body in two writes meet the client's
    // delayed ACK, and every exchange waits 40 ms on both sides.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    byte[] answer = new byte[1024];
    new Random(42).nextBytes(answer);
    body = new byte[1024];
    new Random(7).nextBytes(body);
    serverThreads = Executors.newFixedThreadPool(4);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/data",
        x -> {
          x.getRequestBody().readAllBytes();
          x.sendResponseHeaders(200, answer.length);
          try (OutputStream out = x.getResponseBody()) {
            out.write(answer);
          }
        });
    server.createContext(
        "/sink",
        x -> {
          x.getRequestBody().readAllBytes();
          x.sendResponseHeaders(204, -1);
          x.close();
        });
    server.setExecutor(serverThreads);
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    getUri = URI.create(base + "/data");
    postUri = URI.create(base + "/sink");
    plumb = Plumb.builder().component("api", "bindings.http", Map.of("url", base)).build();
    api = plumb.outputBinding("api");
    raw = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  /** Stops everything. */
  @TearDown(Level.Trial)
  public void tearDown() {
    plumb.close();
    server.stop(0);
    serverThreads.shutdownNow();
  }

  /**
   * GETs 1 KB through Plumb.
   *
   * @return the answer
   */
  @Benchmark
  public BindingResponse plumbGet() {
    return api.invoke("get", null, Map.of("path", "data"));
  }

  /**
   * GETs 1 KB with the JDK client.
   *
   * @return the body
   */
  @Benchmark
  public byte[] rawGet() throws Exception {
    HttpRequest r = HttpRequest.newBuilder(getUri).header("Accept", JSON).GET().build();
    HttpResponse<byte[]> response = raw.send(r, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("status " + response.statusCode());
    }
    return response.body();
  }

  /**
   * POSTs 1 KB through Plumb.
   *
   * @return the answer
   */
  @Benchmark
  public BindingResponse plumbPost() {
    return api.invoke("post", body, Map.of("path", "sink"));
  }

  /**
   * POSTs 1 KB with the JDK client.
   *
   * @return the status
   */
  @Benchmark
  public int rawPost() throws Exception {
    HttpRequest r =
        HttpRequest.newBuilder(postUri)
            .header("Content-Type", JSON)
            .header("Accept", JSON)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return raw.send(r, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
  }
}
