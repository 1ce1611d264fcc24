package dev.plumb.pubsub.jetstream;

import dev.plumb.testkit.pubsub.PubSubConformanceKit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * The pub/sub conformance kit against {@code pubsub.jetstream} on the shared NATS server with
 * JetStream, with Dapr's conformance settings ({@code flowControl: true}, {@code heartbeat: 5s})
 * and the default {@code concurrencyMode: single}, so order holds. Every test's topics, hence
 * streams, carry a run id of their own, and its streams are deleted afterwards.
 */
class JetStreamPubSubConformanceIT extends PubSubConformanceKit {

  @Override
  protected String type() {
    return "pubsub.jetstream";
  }

  @Override
  protected Map<String, String> metadata() {
    Map<String, String> md = new LinkedHashMap<>(NatsTestServer.metadata());
    md.put("name", "config-test");
    md.put("flowControl", "true");
    md.put("heartbeat", "5s");
    return md;
  }

  @Override
  protected boolean ordersByKey() {
    return true;
  }

  @AfterEach
  void deleteStreams() throws Exception {
    // topic("") is "-<this test's run id>": every stream this test made carries it.
    NatsTestServer.deleteStreams(topic(""));
  }
}
