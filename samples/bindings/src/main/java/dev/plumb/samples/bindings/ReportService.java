package dev.plumb.samples.bindings;

import com.sun.net.httpserver.HttpServer;
import dev.plumb.api.bindings.BindingEvent;
import dev.plumb.api.bindings.BindingResponse;
import dev.plumb.api.bindings.OutputBinding;
import dev.plumb.runtime.Plumb;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Three Dapr bindings in process: a cron input binding fires every 10 seconds; each tick writes a
 * report file through {@code bindings.localstorage} and posts it through {@code bindings.http} to a
 * webhook (here a small HTTP server the sample starts, standing in for a real receiver). The cron
 * and storage components come from {@code components/}; the webhook's binding is built in code,
 * since its port is chosen at start. Runs until two reports are posted.
 */
public final class ReportService {
  private static final int REPORTS = 2;

  private ReportService() {}

  /**
   * Runs the sample.
   *
   * @param args unused
   * @throws Exception if the webhook cannot start
   */
  public static void main(String[] args) throws Exception {
    CountDownLatch posted = new CountDownLatch(REPORTS);
    HttpServer webhook = webhook(posted);
    String url = "http://127.0.0.1:" + webhook.getAddress().getPort() + "/reports";
    try (Plumb plumb =
        Plumb.builder()
            .appId("report-service")
            .resources(Path.of("components"))
            .component("webhook", "bindings.http", Map.of("url", url))
            .deferStart()
            .build()) {
      OutputBinding reports = plumb.outputBinding("reports");
      OutputBinding hook = plumb.outputBinding("webhook");
      AtomicInteger count = new AtomicInteger();
      plumb
          .inputBinding("report-schedule")
          .subscribe(tick -> report(tick, count.incrementAndGet(), reports, hook));
      plumb.start();
      System.out.println("report-service: a report every 10 seconds; waiting for " + REPORTS);
      if (!posted.await(REPORTS * 10 + 20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the reports did not arrive in time");
      }
    } finally {
      webhook.stop(0);
    }
  }

  private static Object report(
      BindingEvent tick, int n, OutputBinding reports, OutputBinding hook) {
    String text =
        "Report #"
            + n
            + "\nfired at "
            + tick.metadata().get("readTimeUTC")
            + "\nstatus: all green\n";
    BindingResponse file =
        reports.invoke("create", text, Map.of("fileName", "report-" + n + ".txt"));
    System.out.println("wrote " + file.metadata().get("fileName"));
    BindingResponse sent =
        hook.invoke("post", text, Map.of("Content-Type", "text/plain", "X-Report", "" + n));
    System.out.println("posted report #" + n + ": " + sent.metadata().get("status"));
    return null;
  }

  /** A stand-in for a real webhook receiver. */
  private static HttpServer webhook(CountDownLatch posted) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/reports",
        x -> {
          String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          System.out.println(
              "webhook received report #"
                  + x.getRequestHeaders().getFirst("X-Report")
                  + " ("
                  + body.length()
                  + " characters)");
          x.sendResponseHeaders(202, -1);
          x.close();
          posted.countDown();
        });
    server.start();
    return server;
  }
}
