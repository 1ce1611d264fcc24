package dev.plumb.pubsub.jetstream;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;
import java.util.Map;

/**
 * The shared test server ({@code PLUMB_NATS_URL}, {@code nats://127.0.0.1:4222} with JetStream by
 * default): metadata that reaches it, and a raw connection to tidy up the streams a test made. A
 * server that is down fails the test, naming the address and the variable.
 */
final class NatsTestServer {
  static final String URL = System.getenv().getOrDefault("PLUMB_NATS_URL", "nats://127.0.0.1:4222");

  private NatsTestServer() {}

  static Map<String, String> metadata() {
    return Map.of("natsURL", URL);
  }

  static Connection connect(String url) {
    try {
      return Nats.connect(
          new Options.Builder()
              .server(url)
              .connectionTimeout(Duration.ofSeconds(5))
              .maxReconnects(-1)
              .build());
    } catch (Exception e) {
      throw new IllegalStateException(
          "NATS is not reachable at "
              + url
              + (System.getenv("PLUMB_NATS_URL") == null
                  ? " (the default; PLUMB_NATS_URL is not set)"
                  : " (from PLUMB_NATS_URL)")
              + ": start nats-server -js, or point PLUMB_NATS_URL at a running server",
          e);
    }
  }

  /** Deletes the streams whose names contain {@code marker}; the shared server keeps nothing. */
  static void deleteStreams(String marker) throws Exception {
    Connection c = connect(URL);
    try {
      JetStreamManagement jsm = c.jetStreamManagement();
      for (String s : jsm.getStreamNames()) {
        if (s.contains(marker)) {
          jsm.deleteStream(s);
        }
      }
    } finally {
      c.close();
    }
  }
}
