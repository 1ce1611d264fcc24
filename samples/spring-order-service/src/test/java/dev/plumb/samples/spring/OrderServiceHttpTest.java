package dev.plumb.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumb.spring.test.PlumbTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Real HTTP calls to the running application (Tomcat on a random port), end to end. */
@PlumbTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OrderServiceHttpTest {
  @LocalServerPort int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder at(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
  }

  @Test
  void anOrderPostedOverHttpIsSavedDeliveredConfirmedAndGuardedByItsETag() throws Exception {
    HttpResponse<String> placed =
        send(
            at("/orders")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"customer\":\"carol\",\"items\":[\"lamp\"],\"totalCents\":4200}")));
    assertThat(placed.statusCode()).isEqualTo(201);
    String location = placed.headers().firstValue("Location").orElseThrow();

    await().until(() -> send(at(location).GET()).body().contains("\"CONFIRMED\""));
    HttpResponse<String> confirmed = send(at(location).GET());
    String etag = confirmed.headers().firstValue("ETag").orElseThrow();
    assertThat(send(at("/carts/carol").GET()).body()).contains(location.substring(8));

    // A stale ETag loses; the current one wins.
    HttpResponse<String> stale =
        send(
            at(location + "/cancel")
                .header("If-Match", "\"not-" + etag.replace("\"", "") + "\"")
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(stale.statusCode()).isEqualTo(412);
    HttpResponse<String> cancelled =
        send(
            at(location + "/cancel")
                .header("If-Match", etag)
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(cancelled.statusCode()).isEqualTo(200);
    assertThat(cancelled.body()).contains("\"CANCELLED\"");
  }
}
