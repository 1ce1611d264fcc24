package dev.plumb.bindings.mqtt3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.bindings.BindingEvent;
import dev.plumb.runtime.Plumb;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The MQTT binding through Plumb on a real broker. */
class Mqtt3BindingIT {
  @BeforeAll
  static void broker() {
    Mqtt3BindingConformanceIT.broker();
  }

  @Test
  void publishedMessagesReachTheHandlerWithTheirTopic() {
    Map<String, String> md = Mqtt3BindingConformanceIT.metadata();
    List<BindingEvent> events = new CopyOnWriteArrayList<>();
    try (Plumb plumb = Plumb.builder().component("sensor", "bindings.mqtt3", md).build()) {
      plumb
          .inputBinding("sensor")
          .subscribe(
              e -> {
                events.add(e);
                return null;
              });
      plumb.outputBinding("sensor").invoke("create", "21.5");
      await().atMost(Duration.ofSeconds(10)).until(() -> !events.isEmpty());
    }
    assertThat(events.get(0).dataAsString()).isEqualTo("21.5");
    assertThat(events.get(0).metadata()).containsEntry("topic", md.get("topic"));
  }

  @Test
  void badMetadataFailsTheBuild() {
    assertThatThrownBy(() -> Plumb.builder().component("m", "bindings.mqtt3", Map.of()).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("metadata 'url' is required")
        .hasMessageContaining("metadata 'topic' is required")
        .hasMessageContaining("metadata 'consumerID' is required");
    assertThatThrownBy(
            () ->
                Plumb.builder()
                    .component(
                        "m",
                        "bindings.mqtt3",
                        Map.of("url", "http://x", "topic", "t", "consumerID", "c"))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("metadata 'url' must be tcp://");
  }
}
