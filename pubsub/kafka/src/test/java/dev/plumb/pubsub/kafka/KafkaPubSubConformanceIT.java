package dev.plumb.pubsub.kafka;

import dev.plumb.common.kafka.KafkaTestBroker;
import dev.plumb.testkit.pubsub.PubSubConformanceKit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The pub/sub conformance kit against {@code pubsub.kafka} on a real Kafka 4 broker (KRaft, in this
 * JVM), with Dapr's conformance settings ({@code initialOffset: oldest}); Kafka keeps order per
 * key.
 */
class KafkaPubSubConformanceIT extends PubSubConformanceKit {

  @Override
  protected String type() {
    return "pubsub.kafka";
  }

  @Override
  protected Map<String, String> metadata() {
    try {
      return KafkaTestBroker.shared().metadata();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected boolean ordersByKey() {
    return true;
  }
}
