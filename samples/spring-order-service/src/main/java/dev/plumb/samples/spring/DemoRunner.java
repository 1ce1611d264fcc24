package dev.plumb.samples.spring;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The demo ({@code --sample.demo=true}): real HTTP calls to the running service. Places an order,
 * waits until the subscriber has confirmed it, reads the customer's cart, and fails the run
 * otherwise.
 */
@Component
@ConditionalOnProperty(name = "sample.demo", havingValue = "true")
class DemoRunner implements ApplicationRunner {
  private final Environment environment;

  DemoRunner(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void run(ApplicationArguments args) throws Exception {
    String base = "http://127.0.0.1:" + environment.getProperty("local.server.port");
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> placed =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/orders"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"customer\":\"user-123\",\"items\":[\"book\",\"pen\"],\"totalCents\":2599}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (placed.statusCode() != 201) {
      throw new IllegalStateException("POST /orders answered " + placed.statusCode());
    }
    String location = placed.headers().firstValue("Location").orElseThrow();
    System.out.println("placed:    " + placed.body());
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    HttpResponse<String> order;
    do {
      order = http.send(get(base + location), HttpResponse.BodyHandlers.ofString());
      if (order.body().contains("\"CONFIRMED\"")) {
        break;
      }
      // Polls an external system over HTTP, as a client would: not a test synchronisation.
      Thread.sleep(50);
    } while (Instant.now().isBefore(deadline));
    if (!order.body().contains("\"CONFIRMED\"")) {
      throw new IllegalStateException("the order was not confirmed: " + order.body());
    }
    System.out.println(
        "confirmed: " + order.body() + " etag " + order.headers().firstValue("ETag").orElse(""));
    HttpResponse<String> cart =
        http.send(get(base + "/carts/user-123"), HttpResponse.BodyHandlers.ofString());
    System.out.println("cart:      " + cart.body());
  }

  private static HttpRequest get(String uri) {
    return HttpRequest.newBuilder(URI.create(uri)).GET().build();
  }
}
