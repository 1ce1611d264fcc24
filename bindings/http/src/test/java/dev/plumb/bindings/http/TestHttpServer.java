package dev.plumb.bindings.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A real HTTP server on a free loopback port (the JDK's {@code com.sun.net.httpserver}), with the
 * endpoints the binding's tests call:
 *
 * <ul>
 *   <li>{@code /echo...}: records the request and answers its body, with two headers;
 *   <li>{@code /status/<code>}: answers that status with body {@code nope};
 *   <li>{@code /bytes/<n>}: answers {@code n} bytes;
 *   <li>{@code /slow}: answers once {@link #release()} is called;
 *   <li>{@code /store/<key>}: Dapr's conformance server: {@code POST}/{@code PUT} store the body,
 *       {@code GET} answers it (204 when there is none), {@code DELETE} forgets it.
 * </ul>
 */
final class TestHttpServer implements AutoCloseable {
  /** One request as the server saw it. */
  record Seen(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> v = headers.get(name);
      return v == null ? null : String.join(",", v);
    }
  }

  final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final Map<String, byte[]> store = new ConcurrentHashMap<>();
  private final CountDownLatch slow = new CountDownLatch(1);
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final HttpServer server;

  private TestHttpServer(HttpServer server) {
    this.server = server;
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  static TestHttpServer http() throws IOException {
    return new TestHttpServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
  }

  static TestHttpServer https(SSLContext tls, boolean needClientAuth) throws IOException {
    HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s.setHttpsConfigurator(
        new HttpsConfigurator(tls) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters p = getSSLContext().getDefaultSSLParameters();
            p.setNeedClientAuth(needClientAuth);
            params.setSSLParameters(p);
          }
        });
    return new TestHttpServer(s);
  }

  String url() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  void release() {
    slow.countDown();
  }

  private void handle(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    String query = x.getRequestURI().getRawQuery();
    byte[] body = x.getRequestBody().readAllBytes();
    seen.add(
        new Seen(
            x.getRequestMethod(),
            query == null ? path : path + "?" + query,
            Map.copyOf(x.getRequestHeaders()),
            new String(body, StandardCharsets.UTF_8)));
    try {
      if (path.startsWith("/status/")) {
        respond(x, Integer.parseInt(path.substring(8)), "nope".getBytes(StandardCharsets.UTF_8));
      } else if (path.startsWith("/bytes/")) {
        respond(x, 200, new byte[Integer.parseInt(path.substring(7))]);
      } else if (path.equals("/slow")) {
        slow.await(30, TimeUnit.SECONDS);
        respond(x, 200, new byte[0]);
      } else if (path.startsWith("/store/")) {
        store(x, path, body);
      } else {
        x.getResponseHeaders().add("X-Reply", "a");
        x.getResponseHeaders().add("x-multi", "one");
        x.getResponseHeaders().add("x-multi", "two");
        respond(x, 200, body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      x.close();
    }
  }

  private void store(HttpExchange x, String key, byte[] body) throws IOException {
    switch (x.getRequestMethod()) {
      case "POST", "PUT" -> {
        store.put(key, body);
        respond(x, 204, new byte[0]);
      }
      case "DELETE" -> {
        store.remove(key);
        respond(x, 204, new byte[0]);
      }
      default -> {
        byte[] stored = store.get(key);
        respond(x, stored == null ? 204 : 200, stored == null ? new byte[0] : stored);
      }
    }
  }

  private static void respond(HttpExchange x, int status, byte[] body) throws IOException {
    boolean empty = body.length == 0 || x.getRequestMethod().equals("HEAD");
    x.sendResponseHeaders(status, empty ? -1 : body.length);
    if (!empty) {
      try (OutputStream out = x.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    threads.shutdownNow();
  }
}
