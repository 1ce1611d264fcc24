package dev.plumb.pubsub.mqtt3;

import dev.plumb.testkit.pubsub.PubSubConformanceKit;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * The pub/sub conformance kit against {@code pubsub.mqtt3} on the shared Mosquitto, with Dapr's
 * conformance settings ({@code qos: 1}, {@code retain: false}, {@code cleanSession: false}). MQTT 3
 * carries no metadata with a message, and replicas compete only through shared subscriptions with
 * client ids of their own ({@code Mqtt3PubSubIT}).
 */
class Mqtt3PubSubConformanceIT extends PubSubConformanceKit {

  @BeforeAll
  static void brokerIsUp() {
    Mqtt3TestBroker.check();
  }

  @Override
  protected String type() {
    return "pubsub.mqtt3";
  }

  @Override
  protected Map<String, String> metadata() {
    return Map.of(
        "url", Mqtt3TestBroker.URL, "qos", "1", "retain", "false", "cleanSession", "false");
  }

  @Override
  protected boolean carriesMetadata() {
    return false;
  }

  @Override
  protected boolean replicasOfAConsumerIdCompete() {
    return false;
  }
}
