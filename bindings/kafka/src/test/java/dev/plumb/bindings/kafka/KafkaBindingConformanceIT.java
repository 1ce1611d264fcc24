package dev.plumb.bindings.kafka;

import dev.plumb.api.bindings.spi.InputOutputBindingComponent;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.bindings.BindingsConformanceKit;
import java.util.Set;

/**
 * Dapr's conformance configuration for kafka ({@code create}, {@code operations}) on a real Kafka 4
 * broker (KRaft, in this JVM), plus reading and redelivery: a record whose handler threw is read
 * again. Every scenario writes and reads a fresh topic in a fresh consumer group.
 */
class KafkaBindingConformanceIT extends BindingsConformanceKit {

  @Override
  protected AutoCloseable createComponent() throws Exception {
    String topic = KafkaBindingIT.unique("conformance");
    return new TestComponentContext(
            "kafka", "bindings.kafka", KafkaBindingIT.metadata(topic, topic + "-group"))
        .createComponent(InputOutputBindingComponent.class);
  }

  @Override
  protected Set<String> expectedOperations() {
    return Set.of("create");
  }

  @Override
  protected boolean redeliversFailedEvents() {
    return true;
  }
}
