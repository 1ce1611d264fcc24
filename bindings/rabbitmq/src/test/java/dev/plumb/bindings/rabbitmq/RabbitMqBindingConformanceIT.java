package dev.plumb.bindings.rabbitmq;

import dev.plumb.api.bindings.spi.InputOutputBindingComponent;
import dev.plumb.testkit.TestComponentContext;
import dev.plumb.testkit.bindings.BindingsConformanceKit;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * Dapr's conformance configuration for rabbitmq ({@code create}, {@code operations}, {@code read})
 * on a real broker, plus redelivery: a rejected message is requeued.
 */
class RabbitMqBindingConformanceIT extends BindingsConformanceKit {
  private String queue;

  @BeforeAll
  static void broker() throws Exception {
    RabbitMqTestBroker.connect().close();
  }

  @Override
  protected AutoCloseable createComponent() throws Exception {
    queue = RabbitMqTestBroker.queue();
    return new TestComponentContext(
            "queue", "bindings.rabbitmq", RabbitMqTestBroker.metadata(queue))
        .createComponent(InputOutputBindingComponent.class);
  }

  @AfterEach
  void deleteQueue() throws Exception {
    RabbitMqTestBroker.delete(queue);
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
