package dev.plumb.pubsub.rabbitmq;

import com.rabbitmq.client.Connection;
import dev.plumb.testkit.pubsub.PubSubConformanceKit;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * The pub/sub conformance kit against {@code pubsub.rabbitmq} on the shared RabbitMQ, with Dapr's
 * conformance settings ({@code durable: false}, {@code deletedWhenUnused: false}, {@code
 * requeueInFailure: true}, {@code prefetchCount: 0}, {@code concurrencyMode: single}): queues
 * outlive their consumers, as the kit's hand-over test needs, and vanish when the broker restarts.
 */
class RabbitMqPubSubConformanceIT extends PubSubConformanceKit {

  @BeforeAll
  static void brokerIsUp() throws Exception {
    Connection c = RabbitMqTestBroker.connect();
    c.close();
  }

  @Override
  protected String type() {
    return "pubsub.rabbitmq";
  }

  @Override
  protected Map<String, String> metadata() {
    return Map.of(
        "connectionString", RabbitMqTestBroker.URL,
        "durable", "false",
        "deletedWhenUnused", "false",
        "deliveryMode", "0",
        "requeueInFailure", "true",
        "prefetchCount", "0",
        "reconnectWait", "0",
        "concurrencyMode", "single");
  }
}
