package dev.plumb.bindings.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.plumb.api.ConfigurationException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.bindings.BindingEvent;
import dev.plumb.runtime.Plumb;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The RabbitMQ binding through Plumb on a real broker. */
class RabbitMqBindingIT {
  private final String queue = RabbitMqTestBroker.queue();

  @AfterEach
  void deleteQueue() throws Exception {
    RabbitMqTestBroker.delete(queue);
  }

  @Test
  void createPublishesWithHeadersAndPropertiesAndTheHandlerReadsThem() throws Exception {
    List<BindingEvent> events = new CopyOnWriteArrayList<>();
    try (Plumb plumb =
        Plumb.builder()
            .component("jobs", "bindings.rabbitmq", RabbitMqTestBroker.metadata(queue))
            .deferStart()
            .build()) {
      plumb
          .inputBinding("jobs")
          .subscribe(
              e -> {
                events.add(e);
                return null;
              });
      plumb.start();
      plumb
          .outputBinding("jobs")
          .invoke("create", "job-1", Map.of("X-Tenant", "acme", "contentType", "text/csv"));
      await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
    }
    BindingEvent e = events.get(0);
    assertThat(e.dataAsString()).isEqualTo("job-1");
    assertThat(e.contentType()).isEqualTo("text/csv");
    assertThat(e.metadata()).containsEntry("X-Tenant", "acme");
  }

  @Test
  void ttlAndPriorityBecomeTheMessagesProperties() throws Exception {
    Map<String, String> md = new HashMap<>(RabbitMqTestBroker.metadata(queue));
    md.put("maxPriority", "5");
    md.put("direction", "output");
    try (Plumb plumb = Plumb.builder().component("jobs", "bindings.rabbitmq", md).build()) {
      plumb
          .outputBinding("jobs")
          .invoke("create", "x", Map.of("ttlInSeconds", "60", "priority", "3"));
      assertThatThrownBy(
              () -> plumb.outputBinding("jobs").invoke("create", "x", Map.of("priority", "high")))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining(
              "output binding 'jobs' (bindings.rabbitmq): operation 'create': request metadata"
                  + " 'priority' must be an integer from 0 to 255");
      assertThatThrownBy(() -> plumb.inputBinding("jobs"))
          .as("direction: output leaves input out")
          .hasMessageContaining("input binding 'jobs' is not found");
    }
    try (Connection c = RabbitMqTestBroker.connect();
        Channel ch = c.createChannel()) {
      GetResponse got = ch.basicGet(queue, true);
      assertThat(new String(got.getBody(), StandardCharsets.UTF_8)).isEqualTo("x");
      assertThat(got.getProps().getExpiration()).isEqualTo("60000");
      assertThat(got.getProps().getPriority()).isEqualTo(3);
      assertThat(ch.basicGet(queue, true)).as("nothing was sent for the bad request").isNull();
    }
  }

  @Test
  void badMetadataFailsTheBuild() {
    assertThatThrownBy(() -> Plumb.builder().component("q", "bindings.rabbitmq", Map.of()).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("metadata 'host' is required")
        .hasMessageContaining("metadata 'queueName' is required");
  }
}
